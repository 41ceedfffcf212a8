// Named parameters in the HIS's statements: `SELECT * FROM f(:org_trace_no, :amp_trace_id)`
// becomes `SELECT * FROM f(?, ?)` and the names in order, so every value is bound
// (SQLBindParameter) and never becomes part of the statement's text.
//
// `:name` is a parameter only in the statement's code: not inside quoted strings, quoted
// identifiers or comments, and `::` (PostgreSQL's cast, `:a::text`) is never one. What counts
// as a string or a comment depends on the database (MySQL's backslash escapes, `#` comments and
// backquotes; PostgreSQL's E'' and $$ strings and nested comments), hence the dialect.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace onetrans::odbc {

enum class Dialect { kStandard, kPostgres, kMySql };

// From SQLGetInfo(SQL_DBMS_NAME): "PostgreSQL", "MariaDB", "MySQL", anything else standard.
Dialect DialectOf(std::string_view dbmsName);

struct BoundSql {
  std::string sql;                 // with ? markers
  std::vector<std::string> names;  // one per marker, in order (a name may repeat)
};

// 000105 for an unterminated string, identifier or comment, and for a '?' written in the code
// (a positional marker would bind by position, not by name).
Result<BoundSql> BindNames(std::string_view sql, Dialect dialect);

}  // namespace onetrans::odbc
