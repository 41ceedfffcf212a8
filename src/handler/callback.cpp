#include "handler/callback.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

namespace onetrans::handler {
namespace {

// One call: what OneTrans_Reply writes into, alive while the host's function runs.
struct Slot {
  std::mutex mu;
  std::condition_variable done;
  bool finished = false, answered = false;
  std::string reply;
};

// The slots of calls in progress: OneTrans_Reply checks against it before touching one.
std::mutex g_liveMu;
std::set<Slot*>& Live() {
  static auto* live = new std::set<Slot*>;
  return *live;
}

// Threads of their own for host callbacks. Each thread shares the queue's state, so the pool can
// be dropped while a callback that never returns still holds its thread.
class Pool {
 public:
  explicit Pool(std::size_t n) : state_(std::make_shared<State>()) {
    for (std::size_t i = 0; i < n; ++i) std::thread([s = state_] { Work(*s); }).detach();
  }
  ~Pool() {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->stop = true;
    state_->cv.notify_all();
  }
  // False when the queue is long (every thread taken): the caller fails fast.
  bool Submit(std::function<void()> job, std::size_t maxQueued) {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (state_->jobs.size() >= maxQueued) return false;
    state_->jobs.push_back(std::move(job));
    state_->cv.notify_one();
    return true;
  }

 private:
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::function<void()>> jobs;
    bool stop = false;
  };
  static void Work(State& s) {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(s.mu);
        s.cv.wait(lock, [&] { return s.stop || !s.jobs.empty(); });
        if (s.stop) return;  // queued calls have already timed out at their callers
        job = std::move(s.jobs.front());
        s.jobs.pop_front();
      }
      job();
    }
  }
  std::shared_ptr<State> state_;
};

class CallbackHandler final : public Handler {
 public:
  CallbackHandler(OneTransHandler fn, void* user, std::size_t threads)
      : fn_(fn), user_(user), threads_(threads), pool_(std::make_shared<Pool>(threads)) {}

  Result<Reply> Call(const std::string& request, std::chrono::milliseconds timeout, Failure* failure) override {
    auto slot = std::make_shared<Slot>();
    auto text = std::make_shared<std::string>(request);
    OneTransHandler fn = fn_;
    void* user = user_;
    bool queued = pool_->Submit(
        [slot, text, fn, user] {
          {
            std::lock_guard<std::mutex> lock(g_liveMu);
            Live().insert(slot.get());
          }
          try {
            fn(user, text->c_str(), slot.get());
          } catch (...) {
            // a host exception must not end the gateway
          }
          {
            std::lock_guard<std::mutex> lock(g_liveMu);
            Live().erase(slot.get());
          }
          std::lock_guard<std::mutex> lock(slot->mu);
          slot->finished = true;
          slot->done.notify_all();
        },
        threads_ * 4);
    if (!queued) {
      failure->why = "回调处理线程全部占用";
      return Status::Fail(rc::kInternal, failure->why);
    }
    std::unique_lock<std::mutex> lock(slot->mu);
    if (!slot->done.wait_for(lock, timeout, [&] { return slot->finished; })) {
      failure->timedOut = true;
      failure->why = "回调未在时限内返回";
      return Status::Fail(rc::kInternal, failure->why);
    }
    if (!slot->answered) {
      failure->why = "回调没有调用 OneTrans_Reply";
      return Status::Fail(rc::kInternal, failure->why);
    }
    return Reply{std::move(slot->reply)};
  }

  std::string Describe() const override { return "callback"; }

 private:
  OneTransHandler fn_;
  void* user_;
  std::size_t threads_;
  std::shared_ptr<Pool> pool_;
};

}  // namespace

std::unique_ptr<Handler> MakeCallbackHandler(OneTransHandler fn, void* user, std::size_t threads) {
  return std::make_unique<CallbackHandler>(fn, user, threads == 0 ? 1 : threads);
}

bool DeliverReply(void* slot, const char* json) {
  if (slot == nullptr || json == nullptr) return false;
  std::lock_guard<std::mutex> liveLock(g_liveMu);
  auto* s = static_cast<Slot*>(slot);
  if (Live().count(s) == 0) return false;
  std::lock_guard<std::mutex> lock(s->mu);
  try {
    s->reply = json;
    s->answered = true;
  } catch (...) {
    return false;
  }
  return true;
}

}  // namespace onetrans::handler
