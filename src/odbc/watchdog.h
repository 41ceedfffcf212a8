// Deadlines for statements. SQL_ATTR_QUERY_TIMEOUT counts whole seconds and some drivers
// ignore it (MariaDB Connector/ODBC 3.1 answers 01S02, "no timeout"), so one thread per pool
// cancels any statement still running at its deadline — SQLCancel, ODBC's way to stop a
// statement running in another thread, or what the connection knows works better (MariaDB:
// KILL QUERY, since its SQLCancel cannot stop a CALL). A statement cancelled this way counts as
// timed out even when the driver then reports success (MariaDB's interrupted SLEEP() does).
#pragma once
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "odbc/clock.h"

namespace onetrans::odbc {

class Watchdog {
  struct Entry;

 public:
  Watchdog();
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Watches one statement from before it runs until Release(); whatever `cancel` uses (the
  // statement handle) must stay alive until then (Release waits for a cancel in progress).
  class Watch {
   public:
    Watch(Watchdog* dog, std::shared_ptr<Entry> entry) : dog_(dog), entry_(std::move(entry)) {}
    Watch(Watch&&) = default;
    Watch& operator=(Watch&&) = delete;
    ~Watch() { (void)Release(); }
    // Stops watching; true when the deadline passed and the statement was cancelled.
    bool Release();

   private:
    Watchdog* dog_;
    std::shared_ptr<Entry> entry_;
  };

  Watch Start(Deadline deadline, std::function<void()> cancel);

 private:
  void Loop();
  std::mutex mu_;
  std::condition_variable wake_;
  std::multimap<Deadline, std::shared_ptr<Entry>> due_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace onetrans::odbc
