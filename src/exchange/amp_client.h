// The AMP portal's part of an outbound call from the seed-001 input form (PROTOCOL.md §3,
// §5): control keys merged into `data`, `orgId` at top level, `serverAddr` the full URL whose
// last path segment names the API — or `[amp] serverAddr` as the base and a top-level "api".
#pragma once
#include "exchange/driver.h"

namespace onetrans::exchange::amp {

Result<std::unique_ptr<Call>> Prepare(const Runtime& rt, const json::Value& input);

}  // namespace onetrans::exchange::amp
