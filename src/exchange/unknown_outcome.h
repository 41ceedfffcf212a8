// The answer to a money-moving call that was sent but got no verified reply (000107): what
// happened, a warning not to resend, and the query that settles it.
#pragma once
#include <string>

#include "catalog/catalog.h"
#include "core/json.h"
#include "core/outcome.h"

namespace onetrans::exchange {

// The request that settles it: {"transCode"|"api": query, "data": {carried ids, fixed values}}.
std::string QueryRequest(const char* idKey, const catalog::UnknownOutcome& u, const json::Value& requestData);

// idKey/idValue name the call ("transCode"/"HOS00003" or "api"/"AMP_HOS_002"); seqKey/seqValue
// the request's own id when it has one; query: the settling request (QueryRequest).
Outcome OutcomeUnknown(const char* idKey, const std::string& idValue, const char* seqKey, const std::string& seqValue,
                       const std::string& queryName, const std::string& query, const std::string& why);

}  // namespace onetrans::exchange
