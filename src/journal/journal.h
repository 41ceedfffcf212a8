// The transaction journal: every money-moving call, outbound (hospital -> platform) and
// inbound (platform -> hospital), is claimed under its business key before anything moves
// and updated with its outcome after, so that a crash, a kill, a lost answer or a repeat
// never loses track of money and never moves it twice. SQLite by default (a local file, WAL);
// a shared database over ODBC when several gateways share one journal ([journal] odbc).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace onetrans {

struct JournalEntry {
  long long id = 0;
  std::string created, updated;
  std::string direction = "out";  // out: hospital -> platform; in: platform -> hospital
  std::string platform, api;
  std::string key;          // the business key, unique in the journal (see Key())
  std::string ref, seq, amount;
  std::string fingerprint;  // SM3 of the business fields: a repeat must carry the same
  // out: pending (claimed, sending) | done (verified answer) | unknown | not-sent | resolved
  // in:  pending (handler running) | done (answered) | unknown (handler failed: unknown answered)
  std::string state;
  std::string returnCode, origin;  // the code answered and who decided it (local / platform)
  std::string answer;               // the whole answer given, replayed to a repeat
  std::string result;               // a short text of the outcome
  std::string query;                // out: the request that settles an unknown outcome
  std::string finalStatus;          // what the settling query found
  std::string requestId;            // in: the handler request's id
};

// The key of one movement: direction, platform, API and the business id(s), unambiguous.
std::string JournalKey(const std::string& direction, const std::string& platform, const std::string& api,
                       const std::vector<std::string>& ids);

struct JournalClaim {
  bool fresh = false;  // the caller owns the entry and may act; else `entry` is what exists
  JournalEntry entry;
};

class Journal {
 public:
  virtual ~Journal() = default;
  // Atomically, across threads and processes: inserts `e` as pending, or takes over an entry
  // of the same key left not-sent; otherwise returns the existing entry untouched.
  virtual Result<JournalClaim> Claim(const JournalEntry& e) = 0;
  virtual Status Finish(const JournalEntry& e) = 0;  // by e.id: state, returnCode, origin, answer, result
  virtual Status Resolve(long long id, const std::string& finalStatus, const std::string& answer, const std::string& result) = 0;
  virtual Result<std::optional<JournalEntry>> FindByKey(const std::string& key) = 0;
  // Entries still open (pending / unknown), or all of them.
  virtual Result<std::vector<JournalEntry>> List(bool openOnly) = 0;
  // Replay guard: true the first time (scope, id) is seen within keepSeconds (and records it).
  virtual Result<bool> FirstSight(const std::string& scope, const std::string& id, long long keepSeconds) = 0;
  virtual const std::string& where() const = 0;  // the file or data source, for messages
};

Result<std::unique_ptr<Journal>> OpenSqliteJournal(const std::string& path);
// The same journal in a shared database ([journal] odbc): PostgreSQL or MariaDB / MySQL get
// their tables (onetrans_journal, onetrans_seen) created; where() shows no password.
Result<std::unique_ptr<Journal>> OpenOdbcJournal(const std::string& connectionString);

}  // namespace onetrans
