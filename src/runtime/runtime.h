// The library's process-wide state: configuration, connection pool, logger and journal. Calls
// hold a shared_ptr to the snapshot they started with, so Init/Cleanup never pull the ground
// from under a call in flight on another thread.
#pragma once
#include <memory>
#include <mutex>

#include "core/config.h"
#include "core/log.h"
#include "journal/journal.h"
#include "transport/http.h"

namespace onetrans {

class Runtime {
 public:
  explicit Runtime(Config cfg);
  const Config& config() const { return cfg_; }
  transport::HttpClient& http() const { return *http_; }
  Logger& log() const { return *log_; }
  // The transaction journal, opened on first use; null when journal.enabled=false.
  Result<Journal*> journal() const;

  // The current runtime, initialising from the default search on first use. On failure
  // *declared receives what the broken configuration declares for the host's buffers.
  static std::shared_ptr<const Runtime> Current(Status* status, HostDeclared* declared = nullptr);
  // Replaces the configuration (spec as for LoadConfig).
  static Status Init(const char* spec);
  static void Cleanup();

 private:
  Config cfg_;
  std::unique_ptr<transport::HttpClient> http_;
  std::unique_ptr<Logger> log_;
  mutable std::mutex journalMu_;
  mutable std::unique_ptr<Journal> journal_;
};

}  // namespace onetrans
