// handler = odbc:<connection string> (PROTOCOL.md §9.2; seed 000's "存储过程-中间表(视图) 方式"):
// the hospital's own database answers the platform. Each API has one statement in the
// configuration ([gateway.<route>.sql] <API id> = …) — a stored procedure or function for a
// one-row answer, a view for rows — with `:name` parameters bound from the request's data.
//
// Money (catalog inbound.moneyMoving: ORG_003, ORG_005, ORG_007, op_yjj_account_transfer_in,
// MPAY_002): the statement runs in its own transaction, committed only once its result row has
// been read and shaped into the reply, rolled back on any error. A database that is down, an
// error or a statement past the deadline is a Failure (timedOut for the deadline) — never a
// reply that says failure: the gateway then gives the platform its "unknown" answer.
#pragma once
#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "core/status.h"
#include "handler/handler.h"

namespace onetrans::handler {

// route: qingyuan | amp | yzt | mpay (whose catalog shapes the replies); sql: API id ->
// statement, plus "<API id>.head" -> the one-row statement of a list API's other fields;
// poolSize: connections kept open (gateway.handlerPool). Nothing connects until the first call:
// a database that is down when the gateway starts is found, and found again, on each call.
// Refused (000105) for an unknown route, a statement for an API the route does not answer, or
// a statement that cannot be read.
Result<std::unique_ptr<Handler>> MakeOdbcHandler(const std::string& route, const std::string& connectionString,
                                                 const std::map<std::string, std::string>& sql, std::size_t poolSize);

}  // namespace onetrans::handler
