// A bounded pool of connections to one database (size = gateway.handlerPool): at most `size`
// are open or opening at once; a caller that finds none free waits until its deadline. A
// connection found broken (SQLSTATE 08xxx, a cancelled statement, or no answer to a ping
// after it sat idle) is closed, and the next caller opens a new one: after the database server
// restarts, the pool works again without anyone restarting the gateway.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "odbc/connection.h"
#include "odbc/watchdog.h"

namespace onetrans::odbc {

class Pool;

// A connection on loan; back to the pool when the lease ends, or closed if it is not usable.
class Lease {
 public:
  Lease() = default;
  Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
  Lease(Lease&& other) noexcept { *this = std::move(other); }
  Lease& operator=(Lease&& other) noexcept;
  ~Lease() { Return(); }
  Connection* operator->() const { return conn_.get(); }
  Connection& operator*() const { return *conn_; }

 private:
  void Return();
  Pool* pool_ = nullptr;
  std::unique_ptr<Connection> conn_;
};

class Pool {
 public:
  Pool(std::string connectionString, std::size_t size);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // A connection by the deadline, or why not (*fault: kTimedOut when the time ran out waiting
  // or connecting, kBroken when the server refused or could not be reached).
  Result<Lease> Acquire(Deadline deadline, Fault* fault);

  // The connection string with its password hidden, for messages and logs.
  const std::string& description() const { return description_; }

  // A connection idle at least this long is pinged before it is lent.
  static constexpr std::chrono::milliseconds kPingAfterIdle{1000};

 private:
  friend class Lease;
  void Return(std::unique_ptr<Connection> c);
  void Forget();  // one connection fewer open

  std::string connectionString_, description_;
  std::size_t size_;
  Result<std::shared_ptr<Environment>> env_;
  Watchdog watchdog_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // lent, idle or being opened
};

}  // namespace onetrans::odbc
