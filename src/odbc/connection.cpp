#include "odbc/connection.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "core/connection_string.h"
#include "odbc/text.h"

namespace onetrans::odbc {
namespace {

SQLPOINTER Number(unsigned long n) { return reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(n)); }

// One connection of the process opens at a time: drivers write process-wide state while a
// connection opens — MariaDB Connector/ODBC the driver's own environment, which the driver
// manager shares between all its connections; psqlODBC calls setlocale() — and a gateway has
// several pools (each route's handler, the journal) opening connections at once. ThreadSanitizer
// shows both races. Connecting is rare; statements run in parallel. Waiting ends at the
// caller's deadline (a condition variable: TSan does not follow std::timed_mutex).
class ConnectGate {
 public:
  bool Enter(Deadline deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!free_.wait_until(lock, deadline, [&] { return !busy_; })) return false;
    busy_ = true;
    return true;
  }
  void Leave() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      busy_ = false;
    }
    free_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable free_;
  bool busy_ = false;
};

ConnectGate& Gate() {
  static ConnectGate gate;
  return gate;
}

// *waited: the deadline passed while another connection of the process was opening.
SQLRETURN DriverConnect(SQLHDBC dbc, const std::string& connectionString, Deadline deadline, bool* waited) {
  WString wide = Wide(connectionString);  // before entering: nothing between Enter and Leave throws
  if (!Gate().Enter(deadline)) {
    *waited = true;
    return SQL_ERROR;
  }
  (void)SQLSetConnectAttrW(dbc, SQL_ATTR_LOGIN_TIMEOUT, Number(SecondsLeft(deadline)), SQL_IS_UINTEGER);
  SQLRETURN rc = SQLDriverConnectW(dbc, nullptr, wide.data(), static_cast<SQLSMALLINT>(wide.size()), nullptr, 0, nullptr,
                                   SQL_DRIVER_NOPROMPT);
  Gate().Leave();
  return rc;
}

}  // namespace

Result<std::shared_ptr<Environment>> Environment::Create() {
  SQLHENV env = SQL_NULL_HENV;
  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env)))
    return Status::Fail(rc::kInternal, "ODBC驱动管理器无法初始化（未安装 unixODBC / odbc32？）");
  if (!SQL_SUCCEEDED(SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, Number(SQL_OV_ODBC3), 0))) {
    SQLFreeHandle(SQL_HANDLE_ENV, env);
    return Status::Fail(rc::kInternal, "ODBC驱动管理器不支持 ODBC 3");
  }
  return std::shared_ptr<Environment>(new Environment(env));
}

Environment::~Environment() { SQLFreeHandle(SQL_HANDLE_ENV, env_); }

Result<std::unique_ptr<Connection>> Connection::Open(std::shared_ptr<Environment> env, const std::string& connectionString,
                                                     Deadline deadline, Watchdog* watchdog, Fault* fault) {
  *fault = Fault::kOther;
  const std::string where = "连接数据库（" + RedactConnectionString(connectionString) + "）";
  SQLHDBC dbc = SQL_NULL_HDBC;
  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, env->handle(), &dbc)))
    return Status::Fail(rc::kInternal, where + "失败：无法分配连接句柄");
  std::unique_ptr<Connection> c(
      new Connection(std::move(env), dbc, watchdog, connectionString, ConnectionStringPasswords(connectionString)));
  if (Clock::now() >= deadline) {
    *fault = Fault::kTimedOut;
    return Status::Fail(rc::kInternal, where + "超时");
  }
  bool waited = false;
  if (!SQL_SUCCEEDED(DriverConnect(dbc, connectionString, deadline, &waited))) {
    Status st = waited ? Status::Fail(rc::kInternal, where + "超时（等待其他连接建立）") : c->Fail(where, SQL_HANDLE_DBC, dbc);
    // Refused, unreachable or too slow: all mean "no database now"; only the clock tells a timeout.
    *fault = Clock::now() >= deadline ? Fault::kTimedOut : c->fault_ == Fault::kOther ? Fault::kBroken : c->fault_;
    c->dbc_ = SQL_NULL_HDBC;
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    return st;
  }
  SQLWCHAR name[128] = {0};
  SQLSMALLINT bytes = 0;
  if (SQL_SUCCEEDED(SQLGetInfoW(dbc, SQL_DBMS_NAME, name, sizeof name, &bytes)))
    c->dbms_ = Narrow(name, std::min<std::size_t>(static_cast<std::size_t>(bytes) / sizeof(SQLWCHAR), 127));
  c->dialect_ = DialectOf(c->dbms_);
  if (c->dialect_ == Dialect::kMySql) {
    auto id = c->Run("SELECT CONNECTION_ID()", {}, deadline);
    if (!id.ok() || id.value.rows.size() != 1) {
      *fault = c->fault_ == Fault::kNone ? Fault::kOther : c->fault_;
      return id.ok() ? Status::Fail(rc::kInternal, where + "失败：读不到 CONNECTION_ID()") : id.status;
    }
    c->session_ = id.value.rows[0][0].text;
  }
  *fault = Fault::kNone;
  return c;
}

void Connection::Interrupt(SQLHSTMT statement) {
  if (session_.empty()) {
    (void)SQLCancel(statement);
    return;
  }
  // MariaDB Connector/ODBC's SQLCancel cannot stop a CALL (it answers an error and the
  // procedure runs on): the server stops it, asked from a second connection. (A procedure
  // defined by another user runs as that user: KILL then needs the CONNECTION ADMIN privilege.)
  SQLHDBC side = SQL_NULL_HDBC;
  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, env_->handle(), &side))) return;
  bool waited = false;
  if (SQL_SUCCEEDED(DriverConnect(side, connectionString_, Clock::now() + std::chrono::seconds(5), &waited))) {
    SQLHSTMT kill = SQL_NULL_HSTMT;
    if (SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, side, &kill))) {
      WString sql = Wide("KILL QUERY " + session_);
      (void)SQLExecDirectW(kill, sql.data(), static_cast<SQLINTEGER>(sql.size()));
      SQLFreeHandle(SQL_HANDLE_STMT, kill);
    }
    (void)SQLDisconnect(side);
  }
  SQLFreeHandle(SQL_HANDLE_DBC, side);
}

Connection::~Connection() {
  if (dbc_ == SQL_NULL_HDBC) return;
  // A transaction left open would make SQLDisconnect refuse (25000): nothing unfinished is kept.
  if (!autocommit_) (void)SQLEndTran(SQL_HANDLE_DBC, dbc_, SQL_ROLLBACK);
  (void)SQLDisconnect(dbc_);
  SQLFreeHandle(SQL_HANDLE_DBC, dbc_);
}

bool Connection::usable() const { return !spoiled_; }

Status Connection::Fail(const std::string& what, SQLSMALLINT handleType, SQLHANDLE handle) {
  Diagnosis d = Diagnose(handleType, handle, secrets_);
  return Fail(what, d.fault, d.text);
}

Status Connection::Fail(const std::string& what, Fault fault, const std::string& why) {
  fault_ = fault;
  if (fault == Fault::kBroken || fault == Fault::kTimedOut) spoiled_ = true;
  return Status::Fail(rc::kInternal, what + "失败：" + why);
}

Status Connection::SetAutocommit(bool on) {
  fault_ = Fault::kNone;
  SQLRETURN rc = SQLSetConnectAttrW(dbc_, SQL_ATTR_AUTOCOMMIT, Number(on ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF),
                                    SQL_IS_UINTEGER);
  if (!SQL_SUCCEEDED(rc)) {
    spoiled_ = true;  // in an unknown transaction mode: never lend it again
    return Fail(on ? "恢复自动提交" : "开始事务", SQL_HANDLE_DBC, dbc_);
  }
  autocommit_ = on;
  return Status::Ok();
}

Status Connection::EndTransaction(SQLSMALLINT completion, const char* what) {
  fault_ = Fault::kNone;
  if (!SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, dbc_, completion))) {
    spoiled_ = true;  // the transaction's fate is the server's to tell; this connection is done
    return Fail(what, SQL_HANDLE_DBC, dbc_);
  }
  return Status::Ok();
}

Status Connection::Commit() { return EndTransaction(SQL_COMMIT, "提交事务"); }
Status Connection::Rollback() { return EndTransaction(SQL_ROLLBACK, "回滚事务"); }

bool Connection::Ping(Deadline deadline) {
  const char* sql = dbms_.find("Oracle") != std::string::npos ? "SELECT 1 FROM DUAL"
                    : dbms_.find("DB2") != std::string::npos  ? "VALUES 1"
                                                              : "SELECT 1";
  bool ok = Run(sql, {}, deadline).ok();
  if (!ok) spoiled_ = true;
  return ok;
}

}  // namespace onetrans::odbc
