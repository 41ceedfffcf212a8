#include "odbc/watchdog.h"

namespace onetrans::odbc {

struct Watchdog::Entry {
  std::mutex m;  // held while cancelling, so the owner cannot free the handle meanwhile
  std::function<void()> cancel;
  bool done = false, fired = false;
};

Watchdog::Watchdog() : thread_([this] { Loop(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

Watchdog::Watch Watchdog::Start(Deadline deadline, std::function<void()> cancel) {
  auto entry = std::make_shared<Entry>();
  entry->cancel = std::move(cancel);
  {
    std::lock_guard<std::mutex> lock(mu_);
    due_.emplace(deadline, entry);
  }
  wake_.notify_one();
  return Watch(this, std::move(entry));
}

bool Watchdog::Watch::Release() {
  if (!entry_) return false;
  std::shared_ptr<Entry> entry = std::move(entry_);  // alive until its mutex is unlocked below
  {
    std::lock_guard<std::mutex> lock(dog_->mu_);
    for (auto it = dog_->due_.begin(); it != dog_->due_.end(); ++it) {
      if (it->second == entry) {
        dog_->due_.erase(it);
        break;
      }
    }
  }
  std::lock_guard<std::mutex> lock(entry->m);
  entry->done = true;
  return entry->fired;
}

void Watchdog::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    if (due_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto first = due_.begin();
    Deadline next = first->first;  // a copy: while we wait, Release may erase that entry
    if (Clock::now() < next) {
      wake_.wait_until(lock, next);
      continue;
    }
    std::shared_ptr<Entry> entry = first->second;
    due_.erase(first);
    lock.unlock();
    {
      // Cancelling may take a round trip to the server: other statements' Start/Release go on.
      std::lock_guard<std::mutex> hold(entry->m);
      if (!entry->done) {
        entry->fired = true;
        entry->cancel();
      }
    }
    lock.lock();
  }
}

}  // namespace onetrans::odbc
