// The handler reply built from what the hospital's statements returned, shaped and typed by the
// catalog (PROTOCOL.md §9.2): {"data": {...}}.
//   - Columns fill the response fields of the same name (or alias), case-insensitively
//     (PostgreSQL folds RETCODE and retCode to retcode); columns no field names are left out.
//   - Values take the field's catalog type: a numeric column for a string field is the text the
//     database gave ("520.00"), an int field a JSON integer; NULL leaves the field out.
//   - A list or object field is read from JSON text in its column (ORG_002's rxlist); its
//     members are named and typed by the catalog the same way, numbers kept as written.
//   - A list API (catalog inbound.list) has one item per row; its other fields come from the
//     one-row `head` statement, or, without one, say success (retCode / ret_code "00").
#pragma once
#include <string>

#include "catalog/catalog.h"
#include "core/status.h"
#include "odbc/connection.h"

namespace onetrans::handler {

Result<std::string> ReplyFromRows(const catalog::Interface& itf, const odbc::Rows& main, const odbc::Rows* head);

}  // namespace onetrans::handler
