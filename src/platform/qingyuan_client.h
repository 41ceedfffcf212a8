// One Qingyuan call from a MobileTrans request: credentials, validation against the
// catalog, envelope, transport, verification, and the output JSON of PROTOCOL.md §2.
#pragma once
#include "core/json.h"
#include "core/outcome.h"
#include "core/runtime.h"

namespace onetrans::platform::qingyuan {

// input: {"transCode", "data", optional serverAddr/platformId/key/version/platformSeqId/extendParmas}
Outcome Call(const Runtime& rt, const json::Value& input);

}  // namespace onetrans::platform::qingyuan
