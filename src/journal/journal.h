// The transaction journal: every money-moving call is written to a local SQLite database
// (WAL) before it is sent and updated with its outcome after, so that a crash, a kill or a
// lost answer never loses track of money. `onetrans journal resolve` settles what is open.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"

struct sqlite3;

namespace onetrans {

struct JournalEntry {
  long long id = 0;
  std::string created, updated, platform, api, ref, seq, amount;
  std::string state;  // pending (sent, no outcome yet) | done | unknown | not-sent | resolved
  std::string returnCode, result, query, finalStatus;
};

class Journal {
 public:
  static Result<std::unique_ptr<Journal>> Open(const std::string& path);
  ~Journal();

  // Written before the request leaves; returns the entry id.
  Result<long long> Begin(const JournalEntry& e);
  Status Finish(long long id, const std::string& state, const std::string& returnCode, const std::string& result);
  Status Resolve(long long id, const std::string& finalStatus, const std::string& result);
  // Entries still open (pending / unknown), or all of them.
  Result<std::vector<JournalEntry>> List(bool openOnly);
  const std::string& path() const { return path_; }

 private:
  Journal(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Exec(const std::string& sql);
  sqlite3* db_;
  std::string path_;
  std::mutex mu_;
};

}  // namespace onetrans
