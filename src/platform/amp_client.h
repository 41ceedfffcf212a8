// One AMP call from the seed-001 input form (PROTOCOL.md §3, §5): control keys merged into
// `data`, `orgId` at top level, `serverAddr` the full URL whose last path segment names the
// API — or `[amp] serverAddr` as the base and a top-level `"api"`.
#pragma once
#include "core/json.h"
#include "core/outcome.h"
#include "core/runtime.h"

namespace onetrans::platform::amp {

Outcome Call(const Runtime& rt, const json::Value& input);

}  // namespace onetrans::platform::amp
