#include "journal/journal.h"
#include "core/clock.h"
#include "core/paths.h"

#include <sqlite3.h>

#include <ctime>

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

Status Fail(sqlite3* db, const std::string& what) {
  return Status::Fail(rc::kInternal, "交易日志" + what + "失败：" + sqlite3_errmsg(db));
}

}  // namespace

Result<std::unique_ptr<Journal>> Journal::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(SqliteFileName(path).c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    std::string why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Fail(rc::kInternal, "交易日志无法打开 " + path + "：" + why + "（可配置 journal.path）");
  }
  std::unique_ptr<Journal> j(new Journal(db, path));
  sqlite3_busy_timeout(db, 5000);  // other processes (several HIS windows) share the file
  Status st = j->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
      "CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL,"
      " updated TEXT NOT NULL, platform TEXT NOT NULL, api TEXT NOT NULL, ref TEXT NOT NULL, seq TEXT, amount TEXT,"
      " state TEXT NOT NULL, return_code TEXT, result TEXT, query TEXT NOT NULL, final_status TEXT);"
      "CREATE INDEX IF NOT EXISTS entries_state ON entries(state);");
  if (!st.ok()) return st;
  return j;
}

Journal::~Journal() { sqlite3_close(db_); }

Status Journal::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err != nullptr ? err : "";
    sqlite3_free(err);
    return Status::Fail(rc::kInternal, "交易日志初始化失败：" + why);
  }
  return Status::Ok();
}

Result<long long> Journal::Begin(const JournalEntry& e) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt st;
  const char* sql =
      "INSERT INTO entries (created, updated, platform, api, ref, seq, amount, state, query) VALUES (?,?,?,?,?,?,?,'pending',?)";
  if (sqlite3_prepare_v2(db_, sql, -1, &st.s, nullptr) != SQLITE_OK) return Fail(db_, "写入");
  std::string now = Now();
  const std::string* values[] = {&now, &now, &e.platform, &e.api, &e.ref, &e.seq, &e.amount, &e.query};
  for (int i = 0; i < 8; ++i) sqlite3_bind_text(st.s, i + 1, values[i]->c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st.s) != SQLITE_DONE) return Fail(db_, "写入");
  return static_cast<long long>(sqlite3_last_insert_rowid(db_));
}

Status Journal::Finish(long long id, const std::string& state, const std::string& returnCode, const std::string& result) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt st;
  if (sqlite3_prepare_v2(db_, "UPDATE entries SET state=?, return_code=?, result=?, updated=? WHERE id=?", -1, &st.s, nullptr) != SQLITE_OK)
    return Fail(db_, "更新");
  std::string now = Now();
  sqlite3_bind_text(st.s, 1, state.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st.s, 2, returnCode.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st.s, 3, result.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st.s, 4, now.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st.s, 5, id);
  return sqlite3_step(st.s) == SQLITE_DONE ? Status::Ok() : Fail(db_, "更新");
}

Status Journal::Resolve(long long id, const std::string& finalStatus, const std::string& result) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt st;
  if (sqlite3_prepare_v2(db_, "UPDATE entries SET state='resolved', final_status=?, result=?, updated=? WHERE id=?", -1, &st.s,
                         nullptr) != SQLITE_OK)
    return Fail(db_, "更新");
  std::string now = Now();
  sqlite3_bind_text(st.s, 1, finalStatus.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st.s, 2, result.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st.s, 3, now.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st.s, 4, id);
  return sqlite3_step(st.s) == SQLITE_DONE ? Status::Ok() : Fail(db_, "更新");
}

Result<std::vector<JournalEntry>> Journal::List(bool openOnly) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt st;
  std::string sql = "SELECT id, created, updated, platform, api, ref, seq, amount, state, return_code, result, query, final_status "
                    "FROM entries";
  if (openOnly) sql += " WHERE state IN ('pending','unknown')";
  sql += " ORDER BY id";
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st.s, nullptr) != SQLITE_OK) return Fail(db_, "读取");
  std::vector<JournalEntry> out;
  while (sqlite3_step(st.s) == SQLITE_ROW) {
    JournalEntry e;
    e.id = sqlite3_column_int64(st.s, 0);
    std::string* cols[] = {&e.created, &e.updated, &e.platform, &e.api, &e.ref, &e.seq, &e.amount,
                           &e.state, &e.returnCode, &e.result, &e.query, &e.finalStatus};
    for (int i = 0; i < 12; ++i) *cols[i] = Col(st.s, i + 1);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace onetrans
