// Connection::Run: bind, execute under the watchdog, read the first result set as text, read
// through the rest.
#include "odbc/connection.h"
#include "odbc/text.h"
#include "odbc/watchdog.h"

namespace onetrans::odbc {
namespace {

struct StatementHandle {
  SQLHSTMT h = SQL_NULL_HSTMT;
  ~StatementHandle() {
    if (h != SQL_NULL_HSTMT) SQLFreeHandle(SQL_HANDLE_STMT, h);
  }
};

ColumnKind KindOf(SQLSMALLINT type) {
  switch (type) {
    case SQL_TINYINT: case SQL_SMALLINT: case SQL_INTEGER: case SQL_BIGINT:
      return ColumnKind::kInteger;
    case SQL_DECIMAL: case SQL_NUMERIC:
      return ColumnKind::kDecimal;
    case SQL_REAL: case SQL_FLOAT: case SQL_DOUBLE:
      return ColumnKind::kFloat;
    case SQL_BIT:
      return ColumnKind::kBoolean;
    case SQL_TYPE_DATE: case SQL_TYPE_TIME: case SQL_TYPE_TIMESTAMP: case SQL_DATETIME:
      return ColumnKind::kDateTime;
    case SQL_BINARY: case SQL_VARBINARY: case SQL_LONGVARBINARY:
      return ColumnKind::kBinary;
    default:
      return ColumnKind::kText;
  }
}

// The bound values live here until the statement has run: ODBC reads them at execution.
struct Bound {
  std::vector<WString> texts;
  std::vector<SQLLEN> lengths;
  std::vector<long long> integers;
  explicit Bound(std::size_t n) : texts(n), lengths(n), integers(n) {}
};

constexpr std::size_t kChunk = 2048;

// The units a SQLGetData call wrote. MariaDB Connector/ODBC 3.1 reports one unit too few for
// some JSON values with Chinese text (it counts before its conversion): the terminator it
// writes is the better witness, the reported length the one for text with a NUL inside.
std::size_t Units(const SQLWCHAR* chunk, std::size_t reported) {
  std::size_t terminated = 0;
  while (terminated < kChunk - 1 && chunk[terminated] != 0) ++terminated;
  return std::max(std::min(reported, kChunk - 1), terminated);
}

bool ReadColumns(SQLHSTMT st, SQLSMALLINT count, std::vector<Column>* out) {
  for (SQLSMALLINT c = 1; c <= count; ++c) {
    SQLWCHAR name[256] = {0};
    SQLSMALLINT nameLen = 0, type = 0, digits = 0, nullable = 0;
    SQLULEN size = 0;
    if (!SQL_SUCCEEDED(SQLDescribeColW(st, static_cast<SQLUSMALLINT>(c), name, 256, &nameLen, &type, &size, &digits, &nullable)))
      return false;
    out->push_back({Narrow(name, std::min<std::size_t>(static_cast<std::size_t>(nameLen), 255)), KindOf(type)});
  }
  return true;
}

// One value of the current row, however long: SQLGetData in chunks until the driver is done.
bool ReadCell(SQLHSTMT st, SQLUSMALLINT column, Cell* cell) {
  WString value;
  SQLWCHAR chunk[kChunk];
  for (;;) {
    SQLLEN ind = 0;
    SQLRETURN rc = SQLGetData(st, column, SQL_C_WCHAR, chunk, sizeof chunk, &ind);
    if (rc == SQL_NO_DATA) break;
    if (!SQL_SUCCEEDED(rc)) return false;
    if (ind == SQL_NULL_DATA) break;
    cell->null = false;
    bool cut = ind == SQL_NO_TOTAL || ind >= static_cast<SQLLEN>(sizeof chunk);
    value.append(chunk, cut ? kChunk - 1 : Units(chunk, static_cast<std::size_t>(ind) / sizeof(SQLWCHAR)));
    if (!cut || rc == SQL_SUCCESS) break;
  }
  cell->text = Narrow(value);
  return true;
}

// Long texts as SQL_WLONGVARCHAR: some drivers (SQL Server's) refuse a VARCHAR of more.
constexpr std::size_t kLongText = 4000;

SQLRETURN BindOne(SQLHSTMT st, SQLUSMALLINT index, const Param& p, Bound* b) {
  std::size_t i = index - 1u;
  switch (p.kind) {
    case Param::Kind::kInteger:
      b->integers[i] = p.integer;
      b->lengths[i] = 0;
      return SQLBindParameter(st, index, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0, &b->integers[i], 0, &b->lengths[i]);
    case Param::Kind::kText: {
      b->texts[i] = Wide(p.text);
      std::size_t units = b->texts[i].size();
      b->lengths[i] = static_cast<SQLLEN>(units * sizeof(SQLWCHAR));
      SQLSMALLINT type = units > kLongText ? SQL_WLONGVARCHAR : SQL_WVARCHAR;
      return SQLBindParameter(st, index, SQL_PARAM_INPUT, SQL_C_WCHAR, type, std::max<SQLULEN>(units, 1), 0,
                              const_cast<SQLWCHAR*>(b->texts[i].data()), b->lengths[i], &b->lengths[i]);
    }
    case Param::Kind::kNull:
      break;
  }
  b->lengths[i] = SQL_NULL_DATA;
  return SQLBindParameter(st, index, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_WVARCHAR, 1, 0, nullptr, 0, &b->lengths[i]);
}

}  // namespace

Result<Rows> Connection::Run(std::string_view sql, const std::vector<Param>& params, Deadline deadline, std::size_t maxBytes) {
  fault_ = Fault::kNone;
  if (Clock::now() >= deadline) return Fail("执行语句", Fault::kTimedOut, "时限已到");
  StatementHandle st;
  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc_, &st.h))) return Fail("分配语句句柄", SQL_HANDLE_DBC, dbc_);
  // Seconds, rounded up: the watchdog below keeps the exact deadline.
  (void)SQLSetStmtAttrW(st.h, SQL_ATTR_QUERY_TIMEOUT, reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(SecondsLeft(deadline))),
                        SQL_IS_UINTEGER);
  Bound bound(params.size());
  for (std::size_t i = 0; i < params.size(); ++i)
    if (!SQL_SUCCEEDED(BindOne(st.h, static_cast<SQLUSMALLINT>(i + 1), params[i], &bound)))
      return Fail("绑定第 " + std::to_string(i + 1) + " 个参数", SQL_HANDLE_STMT, st.h);

  Rows out;
  std::size_t bytes = 0;
  Watchdog::Watch watch = watchdog_->Start(deadline, [this, h = st.h] { Interrupt(h); });
  auto failed = [&](const std::string& what) {
    Status s = Fail(what, SQL_HANDLE_STMT, st.h);
    if (watch.Release()) return Fail("执行语句", Fault::kTimedOut, "超过时限，已取消");
    return s;
  };

  WString text = Wide(sql);
  SQLRETURN rc = SQLExecDirectW(st.h, text.data(), static_cast<SQLINTEGER>(text.size()));
  if (rc != SQL_NO_DATA && !SQL_SUCCEEDED(rc)) return failed("执行语句");
  if (rc == SQL_NO_DATA) out.affected = 0;  // an UPDATE or DELETE that matched nothing
  bool haveRows = false;
  while (rc != SQL_NO_DATA) {
    SQLSMALLINT columns = 0;
    if (!SQL_SUCCEEDED(SQLNumResultCols(st.h, &columns))) return failed("读取结果");
    if (columns > 0 && !haveRows) {
      haveRows = true;
      if (!ReadColumns(st.h, columns, &out.columns)) return failed("读取结果列");
      while ((rc = SQLFetch(st.h)) != SQL_NO_DATA) {
        if (!SQL_SUCCEEDED(rc)) return failed("读取结果行");
        std::vector<Cell> row(out.columns.size());
        for (std::size_t c = 0; c < row.size(); ++c) {
          if (!ReadCell(st.h, static_cast<SQLUSMALLINT>(c + 1), &row[c])) return failed("读取第 " + std::to_string(c + 1) + " 列");
          bytes += row[c].text.size();
        }
        if (bytes > maxBytes) {
          (void)watch.Release();
          return Fail("读取结果", Fault::kOther, "结果超过 " + std::to_string(maxBytes >> 20) + " MB");
        }
        out.rows.push_back(std::move(row));
      }
    } else if (columns == 0 && out.affected < 0) {
      SQLLEN count = -1;
      if (SQL_SUCCEEDED(SQLRowCount(st.h, &count))) out.affected = count;
    }
    rc = SQLMoreResults(st.h);
    if (rc != SQL_NO_DATA && !SQL_SUCCEEDED(rc)) return failed("读取后续结果");
  }
  if (watch.Release()) return Fail("执行语句", Fault::kTimedOut, "超过时限，已取消");
  return out;
}

}  // namespace onetrans::odbc
