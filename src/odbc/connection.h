// One ODBC connection (RAII over SQLHDBC) and the statements run on it. Values are always
// bound (SQLBindParameter), never written into a statement's text; results are read as text
// exactly as the driver gives them (a DECIMAL 520.00 stays "520.00", never a double).
// A connection is used by one thread at a time (the pool lends it); failures are Status values
// whose message names what failed and never holds the connection string's password.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "odbc/api.h"
#include "odbc/clock.h"
#include "odbc/diagnostics.h"
#include "odbc/params.h"

namespace onetrans::odbc {

class Watchdog;

// The driver manager's environment (SQLHENV, ODBC 3), shared by a pool's connections.
class Environment {
 public:
  static Result<std::shared_ptr<Environment>> Create();
  ~Environment();
  SQLHENV handle() const { return env_; }

 private:
  explicit Environment(SQLHENV env) : env_(env) {}
  SQLHENV env_;
};

struct Param {
  enum class Kind { kNull, kText, kInteger };
  Kind kind = Kind::kNull;
  std::string text;
  long long integer = 0;
  static Param Null() { return {}; }
  static Param Text(std::string s) { return {Kind::kText, std::move(s), 0}; }
  static Param Integer(long long n) { return {Kind::kInteger, {}, n}; }
};

enum class ColumnKind { kText, kInteger, kDecimal, kFloat, kBoolean, kDateTime, kBinary };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::kText;
  bool numeric() const { return kind == ColumnKind::kInteger || kind == ColumnKind::kDecimal || kind == ColumnKind::kFloat; }
};

struct Cell {
  bool null = true;
  std::string text;  // UTF-8, as the driver formats the value
};

struct Rows {
  std::vector<Column> columns;  // of the first result set that has columns
  std::vector<std::vector<Cell>> rows;
  long long affected = -1;      // rows an INSERT / UPDATE / DELETE changed (no result set)
};

class Connection {
 public:
  // Connects within the deadline (SQL_ATTR_LOGIN_TIMEOUT). *fault says why it failed.
  static Result<std::unique_ptr<Connection>> Open(std::shared_ptr<Environment> env, const std::string& connectionString,
                                                  Deadline deadline, Watchdog* watchdog, Fault* fault);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs a statement with ? markers, binding `params` in order, within the deadline: the rows
  // of its first result set (later results are read through, so an error raised after the
  // rows — a procedure failing late — fails the call). At most `maxBytes` of text are read.
  Result<Rows> Run(std::string_view sql, const std::vector<Param>& params, Deadline deadline,
                   std::size_t maxBytes = kMaxResultBytes);

  Status SetAutocommit(bool on);
  Status Commit();
  Status Rollback();
  // A round trip (SELECT 1): false when the server no longer answers on this connection.
  bool Ping(Deadline deadline);

  Dialect dialect() const { return dialect_; }
  const std::string& dbms() const { return dbms_; }
  // Why the last call failed (kNone after a success).
  Fault fault() const { return fault_; }
  // False once the connection broke or a statement on it was cancelled: it must be closed.
  bool usable() const;

  Clock::time_point idleSince;  // set by the pool when the connection comes back

  static constexpr std::size_t kMaxResultBytes = 16u << 20;

 private:
  Connection(std::shared_ptr<Environment> env, SQLHDBC dbc, Watchdog* watchdog, std::string connectionString,
             std::vector<std::string> secrets)
      : env_(std::move(env)), dbc_(dbc), watchdog_(watchdog), connectionString_(std::move(connectionString)),
        secrets_(std::move(secrets)) {}
  // Stops `statement`, running in another thread, at its deadline (called by the watchdog).
  void Interrupt(SQLHSTMT statement);
  Status Fail(const std::string& what, SQLSMALLINT handleType, SQLHANDLE handle);
  Status Fail(const std::string& what, Fault fault, const std::string& why);
  Status EndTransaction(SQLSMALLINT completion, const char* what);

  std::shared_ptr<Environment> env_;
  SQLHDBC dbc_;
  Watchdog* watchdog_;
  std::string connectionString_;
  std::vector<std::string> secrets_;
  std::string session_;  // MariaDB / MySQL: CONNECTION_ID(), for KILL QUERY
  std::string dbms_;
  Dialect dialect_ = Dialect::kStandard;
  Fault fault_ = Fault::kNone;
  bool spoiled_ = false;
  bool autocommit_ = true;
};

}  // namespace onetrans::odbc
