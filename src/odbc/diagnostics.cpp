#include "odbc/diagnostics.h"

#include <algorithm>

#include "odbc/text.h"

namespace onetrans::odbc {

Fault FaultOf(std::string_view sqlstate, long native) {
  auto cls = sqlstate.substr(0, 2);
  // HY008: cancelled (only the deadline cancels); HYT00: the driver's own timeout; 57014:
  // PostgreSQL's statement timeout / cancel; 1317 / 1969: MariaDB's interrupted query.
  if (sqlstate == "HY008" || sqlstate == "HYT00" || sqlstate == "57014" || native == 1317 || native == 1969)
    return Fault::kTimedOut;
  // 57P01-03: PostgreSQL shutting down or restarting; 2006 / 2013: MariaDB's server gone.
  if (cls == "08" || sqlstate == "HYT01" || sqlstate.substr(0, 3) == "57P" || native == 2006 || native == 2013)
    return Fault::kBroken;
  if (cls == "23") return Fault::kIntegrity;
  // 1213: MariaDB / MySQL's deadlock (its SQLSTATE is 40001 too). Not 1205, a lock wait timeout:
  // InnoDB rolls back only that statement, the transaction's earlier work stays.
  if (sqlstate == "40001" || sqlstate == "40P01" || native == 1213) return Fault::kConflict;
  return Fault::kOther;
}

Diagnosis Diagnose(SQLSMALLINT handleType, SQLHANDLE handle, const std::vector<std::string>& secrets) {
  Diagnosis d;
  for (SQLSMALLINT i = 1; i <= 8; ++i) {
    SQLWCHAR state[6] = {0};
    SQLINTEGER native = 0;
    SQLWCHAR message[1024];
    SQLSMALLINT length = 0;
    SQLRETURN rc = SQLGetDiagRecW(handleType, handle, i, state, &native, message,
                                  static_cast<SQLSMALLINT>(sizeof message / sizeof message[0]), &length);
    if (!SQL_SUCCEEDED(rc)) break;
    std::string sqlstate = Narrow(state, 5);
    std::size_t units = std::min<std::size_t>(static_cast<std::size_t>(length), sizeof message / sizeof message[0] - 1);
    std::string text = Narrow(message, units);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == ';')) text.pop_back();
    if (i == 1) {
      d.sqlstate = sqlstate;
      d.fault = FaultOf(sqlstate, static_cast<long>(native));
    } else if (d.fault == Fault::kOther) {
      d.fault = FaultOf(sqlstate, static_cast<long>(native));
    }
    if (!d.text.empty()) d.text += "; ";
    d.text += "[" + sqlstate + "] " + text;
  }
  if (d.text.empty()) d.text = "驱动未给出诊断信息";
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (std::size_t at = d.text.find(secret); at != std::string::npos; at = d.text.find(secret, at + 3))
      d.text.replace(at, secret.size(), "***");
  }
  return d;
}

}  // namespace onetrans::odbc
