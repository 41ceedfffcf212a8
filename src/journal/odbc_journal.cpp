// The journal in a shared database over ODBC ([journal] odbc = <connection string>), for
// several gateways behind one load balancer: the business key's UNIQUE constraint makes a claim
// atomic across machines, as the SQLite file's does across the processes of one machine.
// PostgreSQL and MariaDB / MySQL get their tables created; on another database the DBA creates
// them (the PostgreSQL DDL below, in its own dialect) and the journal uses them.
#include <atomic>
#include <ctime>

#include "core/clock.h"
#include "journal/journal.h"
#include "odbc/pool.h"

namespace onetrans {
namespace {

using odbc::Param;

std::string Now() { return clock::Format("%Y-%m-%d %H:%M:%S"); }

constexpr const char* kPostgresTables[] = {
    ("CREATE TABLE IF NOT EXISTS onetrans_journal (id BIGSERIAL PRIMARY KEY, created VARCHAR(32) NOT NULL,"
    " updated VARCHAR(32) NOT NULL, direction VARCHAR(8) NOT NULL, platform VARCHAR(32) NOT NULL, api VARCHAR(64) NOT NULL,"
    " entry_key VARCHAR(512) NOT NULL, ref VARCHAR(512) NOT NULL, seq VARCHAR(256), amount VARCHAR(64), fingerprint VARCHAR(128),"
    " state VARCHAR(16) NOT NULL, return_code VARCHAR(32), origin VARCHAR(16), answer TEXT, result TEXT, query TEXT,"
    " final_status VARCHAR(64), request_id VARCHAR(256), CONSTRAINT onetrans_journal_key UNIQUE (entry_key))"),
    "CREATE INDEX IF NOT EXISTS onetrans_journal_state ON onetrans_journal (state)",
    ("CREATE TABLE IF NOT EXISTS onetrans_seen (scope VARCHAR(64) NOT NULL, id VARCHAR(256) NOT NULL, seen BIGINT NOT NULL,"
    " PRIMARY KEY (scope, id))"),
};

// InnoDB for transactions and the unique key; utf8mb4 for the answers' Chinese, whatever the
// server's default; LONGTEXT because TEXT stops at 64 KB.
constexpr const char* kMySqlTables[] = {
    ("CREATE TABLE IF NOT EXISTS onetrans_journal (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, created VARCHAR(32) NOT NULL,"
    " updated VARCHAR(32) NOT NULL, direction VARCHAR(8) NOT NULL, platform VARCHAR(32) NOT NULL, api VARCHAR(64) NOT NULL,"
    " entry_key VARCHAR(512) NOT NULL, ref VARCHAR(512) NOT NULL, seq VARCHAR(256), amount VARCHAR(64), fingerprint VARCHAR(128),"
    " state VARCHAR(16) NOT NULL, return_code VARCHAR(32), origin VARCHAR(16), answer LONGTEXT, result LONGTEXT, query LONGTEXT,"
    " final_status VARCHAR(64), request_id VARCHAR(256), UNIQUE KEY onetrans_journal_key (entry_key),"
    " KEY onetrans_journal_state (state)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"),
    ("CREATE TABLE IF NOT EXISTS onetrans_seen (scope VARCHAR(64) NOT NULL, id VARCHAR(256) NOT NULL, seen BIGINT NOT NULL,"
    " PRIMARY KEY (scope, id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"),
};

const std::string kColumns =
    "id, created, updated, direction, platform, api, entry_key, ref, seq, amount, fingerprint, state, return_code, origin, answer,"
    " result, query, final_status, request_id";

JournalEntry Entry(const std::vector<odbc::Cell>& row) {
  JournalEntry e;
  e.id = std::stoll(row[0].text);
  std::string* cols[] = {&e.created, &e.updated, &e.direction, &e.platform, &e.api, &e.key, &e.ref, &e.seq, &e.amount,
                         &e.fingerprint, &e.state, &e.returnCode, &e.origin, &e.answer, &e.result, &e.query, &e.finalStatus,
                         &e.requestId};
  for (std::size_t i = 0; i < 18; ++i) *cols[i] = row[i + 1].text;
  return e;
}

// The caller owns the entry: what it asked for, under the stored row's id and creation time.
JournalClaim Won(const JournalEntry& asked, const JournalEntry& stored) {
  JournalClaim claim;
  claim.fresh = true;
  claim.entry = asked;
  claim.entry.id = stored.id;
  claim.entry.created = stored.created;
  claim.entry.state = "pending";
  return claim;
}

std::vector<Param> Texts(std::initializer_list<std::string> values) {
  std::vector<Param> out;
  for (const auto& v : values) out.push_back(Param::Text(v));
  return out;
}

class OdbcJournal final : public Journal {
 public:
  explicit OdbcJournal(const std::string& connectionString) : pool_(connectionString, kConnections) {}

  Status Init() {
    odbc::Fault fault;
    auto lease = pool_.Acquire(Deadline(), &fault);
    if (!lease.ok()) return Fail("连接", lease.status);
    odbc::Dialect d = lease.value->dialect();
    std::vector<const char*> ddl;
    if (d == odbc::Dialect::kPostgres) ddl.assign(std::begin(kPostgresTables), std::end(kPostgresTables));
    if (d == odbc::Dialect::kMySql) ddl.assign(std::begin(kMySqlTables), std::end(kMySqlTables));
    Status created = Status::Ok();
    for (const char* sql : ddl) {
      auto r = lease.value->Run(sql, {}, Deadline());
      if (!r.ok()) {
        created = r.status;
        break;
      }
    }
    // Another gateway creating the same tables at the same moment may make ours fail: what
    // counts is that the tables are there.
    auto probe = lease.value->Run("SELECT " + kColumns + " FROM onetrans_journal WHERE 1 = 0", {}, Deadline());
    if (!probe.ok()) return Fail("建表", created.ok() ? probe.status : created);
    auto seen = lease.value->Run("SELECT scope, id, seen FROM onetrans_seen WHERE 1 = 0", {}, Deadline());
    if (!seen.ok()) return Fail("建表", created.ok() ? seen.status : created);
    return Status::Ok();
  }

  Result<JournalClaim> Claim(const JournalEntry& e) override {
    std::string now = Now();
    odbc::Fault fault = odbc::Fault::kNone;
    auto inserted = Run("INSERT INTO onetrans_journal (created, updated, direction, platform, api, entry_key, ref, seq, amount,"
                        " fingerprint, state, query, request_id) VALUES (?,?,?,?,?,?,?,?,?,?,'pending',?,?)",
                        Texts({now, now, e.direction, e.platform, e.api, e.key, e.ref, e.seq, e.amount, e.fingerprint, e.query,
                               e.requestId}),
                        &fault);
    if (inserted.ok()) {
      auto found = FindByKey(e.key);
      if (!found.ok()) return found.status;
      if (!found.value) return Fail("写入", Status::Fail(rc::kInternal, "写入后读不到该记录"));
      return Won(e, *found.value);
    }
    // The key is taken (23xxx): the winner's entry, unless it was never sent and we take it over.
    if (fault != odbc::Fault::kIntegrity) return Fail("写入", inserted.status);
    auto found = FindByKey(e.key);
    if (!found.ok()) return found.status;
    if (!found.value) return Fail("写入", inserted.status);
    if (found.value->state == "not-sent") {
      std::vector<Param> p = Texts({now, e.fingerprint, e.seq, e.amount, e.query, e.requestId});
      p.push_back(Param::Integer(found.value->id));
      auto taken = Run("UPDATE onetrans_journal SET state='pending', updated=?, fingerprint=?, seq=?, amount=?, query=?,"
                       " request_id=?, return_code=NULL, origin=NULL, answer=NULL, result=NULL WHERE id=? AND state='not-sent'",
                       p, &fault);
      if (!taken.ok()) return Fail("写入", taken.status);
      if (taken.value.affected == 1) return Won(e, *found.value);
      found = FindByKey(e.key);  // another caller took it over first
      if (!found.ok()) return found.status;
      if (!found.value) return Fail("读取", Status::Fail(rc::kInternal, "记录消失"));
    }
    JournalClaim lost;
    lost.entry = *found.value;
    return lost;
  }

  Status Finish(const JournalEntry& e) override {
    std::vector<Param> p = Texts({e.state, e.returnCode, e.origin, e.answer, e.result, Now()});
    p.push_back(Param::Integer(e.id));
    odbc::Fault fault;
    auto r = Run("UPDATE onetrans_journal SET state=?, return_code=?, origin=?, answer=?, result=?, updated=? WHERE id=?", p, &fault);
    return r.ok() ? Status::Ok() : Fail("更新", r.status);
  }

  Status Resolve(long long id, const std::string& finalStatus, const std::string& answer, const std::string& result) override {
    std::vector<Param> p = {Param::Text(finalStatus), answer.empty() ? Param::Null() : Param::Text(answer), Param::Text(result),
                            Param::Text(Now()), Param::Integer(id)};
    odbc::Fault fault;
    auto r = Run("UPDATE onetrans_journal SET state='resolved', final_status=?, answer=COALESCE(?, answer), result=?, updated=?"
                 " WHERE id=?",
                 p, &fault);
    return r.ok() ? Status::Ok() : Fail("更新", r.status);
  }

  Result<std::optional<JournalEntry>> FindByKey(const std::string& key) override {
    odbc::Fault fault;
    auto r = Run("SELECT " + kColumns + " FROM onetrans_journal WHERE entry_key=?", {Param::Text(key)}, &fault);
    if (!r.ok()) return Fail("读取", r.status);
    if (r.value.rows.empty()) return std::optional<JournalEntry>();
    return std::optional<JournalEntry>(Entry(r.value.rows[0]));
  }

  Result<std::vector<JournalEntry>> List(bool openOnly) override {
    std::string sql = "SELECT " + kColumns + " FROM onetrans_journal";
    if (openOnly) sql += " WHERE state IN ('pending','unknown')";
    sql += " ORDER BY id";
    odbc::Fault fault;
    auto r = Run(sql, {}, &fault);
    if (!r.ok()) return Fail("读取", r.status);
    std::vector<JournalEntry> out;
    for (const auto& row : r.value.rows) out.push_back(Entry(row));
    return out;
  }

  Result<bool> FirstSight(const std::string& scope, const std::string& id, long long keepSeconds) override {
    long long now = static_cast<long long>(std::time(nullptr));
    odbc::Fault fault;
    // Forget what is older than the window, now and then (one write in a hundred).
    if (sightings_.fetch_add(1) % 100 == 0)
      (void)Run("DELETE FROM onetrans_seen WHERE seen < ?", {Param::Integer(now - keepSeconds)}, &fault);
    auto inserted = Run("INSERT INTO onetrans_seen (scope, id, seen) VALUES (?,?,?)",
                        {Param::Text(scope), Param::Text(id), Param::Integer(now)}, &fault);
    if (inserted.ok()) return true;
    if (fault != odbc::Fault::kIntegrity) return Fail("写入", inserted.status);
    // Seen before: new again only if that was longer ago than the window (not yet purged).
    auto renewed = Run("UPDATE onetrans_seen SET seen=? WHERE scope=? AND id=? AND seen < ?",
                       {Param::Integer(now), Param::Text(scope), Param::Text(id), Param::Integer(now - keepSeconds)}, &fault);
    if (!renewed.ok()) return Fail("写入", renewed.status);
    return renewed.value.affected == 1;
  }

  const std::string& where() const override { return pool_.description(); }

 private:
  static constexpr std::size_t kConnections = 8;
  static constexpr std::chrono::seconds kTimeout{15};
  static odbc::Deadline Deadline() { return odbc::Clock::now() + kTimeout; }

  Result<odbc::Rows> Run(const std::string& sql, const std::vector<Param>& params, odbc::Fault* fault) {
    auto lease = pool_.Acquire(Deadline(), fault);
    if (!lease.ok()) return lease.status;
    auto r = lease.value->Run(sql, params, Deadline());
    *fault = lease.value->fault();
    return r;
  }

  Status Fail(const std::string& what, const Status& why) const {
    return Status::Fail(rc::kInternal, "交易日志" + what + "失败（" + pool_.description() + "）：" + why.message);
  }

  odbc::Pool pool_;
  std::atomic<unsigned long> sightings_{0};
};

}  // namespace

Result<std::unique_ptr<Journal>> OpenOdbcJournal(const std::string& connectionString) {
  auto j = std::make_unique<OdbcJournal>(connectionString);
  Status st = j->Init();
  if (!st.ok()) return st;
  return std::unique_ptr<Journal>(std::move(j));
}

}  // namespace onetrans
