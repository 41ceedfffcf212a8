// The Qingyuan platform's part of an outbound call (PROTOCOL.md §3, §4): settings from the
// request or [qingyuan], validation against the catalog, the envelope, the output of §2.
#pragma once
#include "exchange/driver.h"

namespace onetrans::exchange::qingyuan {

// input: {"transCode", "data", optional serverAddr/platformId/key/version/platformSeqId/extendParmas}
Result<std::unique_ptr<Call>> Prepare(const Runtime& rt, const json::Value& input);

}  // namespace onetrans::exchange::qingyuan
