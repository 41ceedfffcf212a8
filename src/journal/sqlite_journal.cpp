// The journal in a local SQLite file (WAL, synchronous=FULL): several HIS windows and the
// gateway on one machine share it; the business key's UNIQUE index makes a claim atomic.
#include <sqlite3.h>

#include <ctime>
#include <mutex>

#include "core/clock.h"
#include "core/paths.h"
#include "journal/journal.h"

namespace onetrans {
namespace {

std::string Now() { return clock::Format("%Y-%m-%d %H:%M:%S"); }

struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

std::string Col(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t != nullptr ? reinterpret_cast<const char*>(t) : "";
}

const char* kColumns =
    "id, created, updated, direction, platform, api, key, ref, seq, amount, fingerprint, state, return_code, origin, answer, "
    "result, query, final_status, request_id";

JournalEntry Row(sqlite3_stmt* s) {
  JournalEntry e;
  e.id = sqlite3_column_int64(s, 0);
  std::string* cols[] = {&e.created, &e.updated, &e.direction, &e.platform, &e.api, &e.key, &e.ref, &e.seq, &e.amount,
                         &e.fingerprint, &e.state, &e.returnCode, &e.origin, &e.answer, &e.result, &e.query, &e.finalStatus,
                         &e.requestId};
  for (int i = 0; i < 18; ++i) *cols[i] = Col(s, i + 1);
  return e;
}

class SqliteJournal final : public Journal {
 public:
  SqliteJournal(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteJournal() override {
    sqlite3_close(guard_);
    sqlite3_close(db_);
  }

  Status Init() {
    sqlite3_busy_timeout(db_, 10000);  // other processes (several HIS windows, gateways) share the file
    Status st = Exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
        "CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL,"
        " updated TEXT NOT NULL, platform TEXT NOT NULL, api TEXT NOT NULL, ref TEXT NOT NULL, seq TEXT, amount TEXT,"
        " state TEXT NOT NULL, return_code TEXT, result TEXT, query TEXT NOT NULL, final_status TEXT);"
        "CREATE INDEX IF NOT EXISTS entries_state ON entries(state);"
        "CREATE TABLE IF NOT EXISTS seen_ids (scope TEXT NOT NULL, id TEXT NOT NULL, seen INTEGER NOT NULL,"
        " PRIMARY KEY (scope, id));");
    if (!st.ok()) return st;
    // Journals written by OneTrans 0.x lack the columns of the business-key claim.
    for (const char* column : {"direction TEXT NOT NULL DEFAULT 'out'", "key TEXT", "fingerprint TEXT", "origin TEXT",
                               "answer TEXT", "request_id TEXT"}) {
      std::string name(column, std::string(column).find(' '));
      if (!HasColumn(name)) {
        st = Exec(std::string("ALTER TABLE entries ADD COLUMN ") + column);
        if (!st.ok()) return st;
      }
    }
    st = Exec("CREATE UNIQUE INDEX IF NOT EXISTS entries_key ON entries(key);");
    if (!st.ok()) return st;
    // The replay guard writes once per inbound Qingyuan call. Its own connection commits without
    // waiting for the disk (WAL, synchronous=NORMAL): durable across a crash of the process, not
    // across a power cut of the last moments — where the platforms' 5-minute clock window still
    // applies. Money entries keep synchronous=FULL on the main connection.
    if (sqlite3_open_v2(SqliteFileName(path_).c_str(), &guard_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK)
      return Status::Fail(rc::kInternal, std::string("交易日志无法打开：") + (guard_ != nullptr ? sqlite3_errmsg(guard_) : "out of memory"));
    sqlite3_busy_timeout(guard_, 10000);
    char* err = nullptr;
    if (sqlite3_exec(guard_, "PRAGMA synchronous=NORMAL;", nullptr, nullptr, &err) != SQLITE_OK) {
      std::string why = err != nullptr ? err : "";
      sqlite3_free(err);
      return Status::Fail(rc::kInternal, "交易日志初始化失败：" + why);
    }
    return Status::Ok();
  }

  Result<JournalClaim> Claim(const JournalEntry& e) override {
    std::lock_guard<std::mutex> lock(mu_);
    // IMMEDIATE: the write lock first, so two processes cannot both find the key free.
    Status st = Exec("BEGIN IMMEDIATE");
    if (!st.ok()) return st;
    auto found = FindLocked(e.key);
    if (!found.ok()) return Rollback(found.status);
    JournalClaim claim;
    std::string now = Now();
    if (found.value && found.value->state != "not-sent") {
      claim.entry = *found.value;
    } else if (found.value) {
      // Never sent before: this caller takes the entry over.
      Stmt s;
      if (sqlite3_prepare_v2(db_, "UPDATE entries SET state='pending', updated=?, fingerprint=?, seq=?, amount=?, query=?,"
                                  " request_id=?, return_code=NULL, origin=NULL, answer=NULL, result=NULL WHERE id=?",
                             -1, &s.s, nullptr) != SQLITE_OK)
        return Rollback(Fail("写入"));
      Bind(s.s, {now, e.fingerprint, e.seq, e.amount, e.query, e.requestId});
      sqlite3_bind_int64(s.s, 7, found.value->id);
      if (sqlite3_step(s.s) != SQLITE_DONE) return Rollback(Fail("写入"));
      claim.fresh = true;
      claim.entry = e;
      claim.entry.id = found.value->id;
      claim.entry.created = found.value->created;
    } else {
      Stmt s;
      if (sqlite3_prepare_v2(db_, "INSERT INTO entries (created, updated, direction, platform, api, key, ref, seq, amount,"
                                  " fingerprint, state, query, request_id) VALUES (?,?,?,?,?,?,?,?,?,?,'pending',?,?)",
                             -1, &s.s, nullptr) != SQLITE_OK)
        return Rollback(Fail("写入"));
      Bind(s.s, {now, now, e.direction, e.platform, e.api, e.key, e.ref, e.seq, e.amount, e.fingerprint, e.query, e.requestId});
      if (sqlite3_step(s.s) != SQLITE_DONE) return Rollback(Fail("写入"));
      claim.fresh = true;
      claim.entry = e;
      claim.entry.id = sqlite3_last_insert_rowid(db_);
      claim.entry.created = now;
    }
    st = Exec("COMMIT");
    if (!st.ok()) return Rollback(st);
    claim.entry.state = claim.fresh ? "pending" : claim.entry.state;
    return claim;
  }

  Status Finish(const JournalEntry& e) override {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s;
    if (sqlite3_prepare_v2(db_, "UPDATE entries SET state=?, return_code=?, origin=?, answer=?, result=?, updated=? WHERE id=?", -1,
                           &s.s, nullptr) != SQLITE_OK)
      return Fail("更新");
    Bind(s.s, {e.state, e.returnCode, e.origin, e.answer, e.result, Now()});
    sqlite3_bind_int64(s.s, 7, e.id);
    return sqlite3_step(s.s) == SQLITE_DONE ? Status::Ok() : Fail("更新");
  }

  Status Resolve(long long id, const std::string& finalStatus, const std::string& answer, const std::string& result) override {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s;
    if (sqlite3_prepare_v2(db_, "UPDATE entries SET state='resolved', final_status=?, answer=COALESCE(?, answer), result=?, updated=?"
                                " WHERE id=?",
                           -1, &s.s, nullptr) != SQLITE_OK)
      return Fail("更新");
    Bind(s.s, {finalStatus, answer, result, Now()});
    if (answer.empty()) sqlite3_bind_null(s.s, 2);
    sqlite3_bind_int64(s.s, 5, id);
    return sqlite3_step(s.s) == SQLITE_DONE ? Status::Ok() : Fail("更新");
  }

  Result<std::optional<JournalEntry>> FindByKey(const std::string& key) override {
    std::lock_guard<std::mutex> lock(mu_);
    return FindLocked(key);
  }

  Result<std::vector<JournalEntry>> List(bool openOnly) override {
    std::lock_guard<std::mutex> lock(mu_);
    Stmt s;
    std::string sql = std::string("SELECT ") + kColumns + " FROM entries";
    if (openOnly) sql += " WHERE state IN ('pending','unknown')";
    sql += " ORDER BY id";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s.s, nullptr) != SQLITE_OK) return Fail("读取");
    std::vector<JournalEntry> out;
    int rc;
    while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) out.push_back(Row(s.s));
    if (rc != SQLITE_DONE) return Fail("读取");
    return out;
  }

  Result<bool> FirstSight(const std::string& scope, const std::string& id, long long keepSeconds) override {
    std::lock_guard<std::mutex> lock(guardMu_);
    long long now = static_cast<long long>(std::time(nullptr));
    // Forget what is older than the window, now and then (one write in a hundred).
    if (++sightings_ % 100 == 1) {
      Stmt purge;
      if (sqlite3_prepare_v2(guard_, "DELETE FROM seen_ids WHERE seen < ?", -1, &purge.s, nullptr) == SQLITE_OK) {
        sqlite3_bind_int64(purge.s, 1, now - keepSeconds);
        sqlite3_step(purge.s);
      }
    }
    Stmt s;
    if (sqlite3_prepare_v2(guard_, "INSERT OR IGNORE INTO seen_ids (scope, id, seen) VALUES (?,?,?)", -1, &s.s, nullptr) != SQLITE_OK)
      return Status::Fail(rc::kInternal, std::string("交易日志写入失败：") + sqlite3_errmsg(guard_));
    Bind(s.s, {scope, id});
    sqlite3_bind_int64(s.s, 3, now);
    if (sqlite3_step(s.s) != SQLITE_DONE) return Status::Fail(rc::kInternal, std::string("交易日志写入失败：") + sqlite3_errmsg(guard_));
    return sqlite3_changes(guard_) == 1;
  }

  const std::string& where() const override { return path_; }

 private:
  Result<std::optional<JournalEntry>> FindLocked(const std::string& key) {
    Stmt s;
    std::string sql = std::string("SELECT ") + kColumns + " FROM entries WHERE key=?";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s.s, nullptr) != SQLITE_OK) return Fail("读取");
    Bind(s.s, {key});
    int rc = sqlite3_step(s.s);
    if (rc == SQLITE_ROW) return std::optional<JournalEntry>(Row(s.s));
    if (rc != SQLITE_DONE) return Fail("读取");
    return std::optional<JournalEntry>();
  }

  bool HasColumn(const std::string& name) {
    Stmt s;
    if (sqlite3_prepare_v2(db_, "PRAGMA table_info(entries)", -1, &s.s, nullptr) != SQLITE_OK) return false;
    while (sqlite3_step(s.s) == SQLITE_ROW)
      if (Col(s.s, 1) == name) return true;
    return false;
  }

  static void Bind(sqlite3_stmt* s, std::initializer_list<std::string> values) {
    int i = 0;
    for (const auto& v : values) sqlite3_bind_text(s, ++i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }

  Status Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string why = err != nullptr ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return Status::Fail(rc::kInternal, "交易日志操作失败：" + why);
    }
    return Status::Ok();
  }

  Status Fail(const std::string& what) {
    return Status::Fail(rc::kInternal, "交易日志" + what + "失败：" + sqlite3_errmsg(db_));
  }

  Status Rollback(Status st) {
    (void)Exec("ROLLBACK");
    return st;
  }

  sqlite3* db_;
  sqlite3* guard_ = nullptr;
  std::string path_;
  std::mutex mu_, guardMu_;
  unsigned long sightings_ = 0;
};

}  // namespace

Result<std::unique_ptr<Journal>> OpenSqliteJournal(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(SqliteFileName(path).c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Fail(rc::kInternal, "交易日志无法打开 " + path + "：" + why + "（可配置 journal.path）");
  }
  auto j = std::make_unique<SqliteJournal>(db, path);
  Status st = j->Init();
  if (!st.ok()) return Status::Fail(rc::kInternal, st.message + "（" + path + "）");
  return std::unique_ptr<Journal>(std::move(j));
}

}  // namespace onetrans
