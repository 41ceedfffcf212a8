#include "odbc/pool.h"

#include "core/connection_string.h"

namespace onetrans::odbc {

Lease& Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Return();
    pool_ = other.pool_;
    conn_ = std::move(other.conn_);
    other.pool_ = nullptr;
  }
  return *this;
}

void Lease::Return() {
  if (pool_ != nullptr && conn_) pool_->Return(std::move(conn_));
  pool_ = nullptr;
}

Pool::Pool(std::string connectionString, std::size_t size)
    : connectionString_(std::move(connectionString)),
      description_(RedactConnectionString(connectionString_)),
      size_(size == 0 ? 1 : size),
      env_(Environment::Create()) {}

Pool::~Pool() {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.clear();
}

Result<Lease> Pool::Acquire(Deadline deadline, Fault* fault) {
  *fault = Fault::kOther;
  if (!env_.ok()) return env_.status;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      // A server restart leaves every idle connection dead: find out before lending one.
      if (Clock::now() - c->idleSince < kPingAfterIdle || c->Ping(deadline)) {
        *fault = Fault::kNone;
        return Lease(this, std::move(c));
      }
      c.reset();
      lock.lock();
      --open_;
      continue;
    }
    if (open_ < size_) {
      ++open_;
      lock.unlock();
      auto c = Connection::Open(env_.value, connectionString_, deadline, &watchdog_, fault);
      if (!c.ok()) {
        Forget();
        return c.status;
      }
      return Lease(this, std::move(c.value));
    }
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= size_) {
      *fault = Fault::kTimedOut;
      return Status::Fail(rc::kInternal, "等待数据库连接超时：连接池的 " + std::to_string(size_) +
                                             " 个连接都在使用中（gateway.handlerPool）");
    }
  }
}

void Pool::Return(std::unique_ptr<Connection> c) {
  if (!c->usable()) {
    c.reset();  // closed outside the lock: a dead server may take a while to say goodbye
    Forget();
    return;
  }
  c->idleSince = Clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(c));
  }
  freed_.notify_one();
}

void Pool::Forget() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
  }
  freed_.notify_one();
}

}  // namespace onetrans::odbc
