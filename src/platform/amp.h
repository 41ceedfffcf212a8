// AMP wire profile (PROTOCOL.md §5, profile "hsa"): what is signed, how the SM4 key is
// derived from appId/appKey, the request body and the verification of replies.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/status.h"
#include "envelope/envelope.h"

namespace onetrans::platform::amp {

// keyDerivation "hsa": first 16 chars of HEX(SM4-ECB-PKCS7(key = appId[0..16), appKey));
// "prefix": first 16 chars of appKey.
Result<std::string> DeriveSm4Key(std::string_view appId, std::string_view appKey, std::string_view keyDerivation);
Result<envelope::Rules> Rules(std::string_view appId, std::string_view appKey, std::string_view keyDerivation);

// Keys of the seed-001 input's `data` that configure the call rather than belong to it.
bool IsControlKey(std::string_view name);
// The plaintext: `data` without its control keys, compact, raw UTF-8, caller's order.
std::string BusinessPlaintext(const json::Value& data);

struct Request {
  std::string appId, orgId, timestamp, version = "1.0.0";
  std::string plaintext;
};
// Body fields in order: appId, orgId, encType, signType, timestamp, version, encData, signData.
Result<std::string> BuildRequestBody(const Request& r, const envelope::Rules& rules);

struct Reply {
  std::string code;     // the gateway's code as text ("0", "000000", "-2", ...)
  bool codeIsNumber = false;
  bool success = false; // 0 / "0" / "000000"
  std::string message, orgId, extra, timestamp;
  std::optional<std::string> plaintext;
};
Result<Reply> OpenReply(std::string_view body, const envelope::Rules& rules);
// Server side (sandbox): {code, message, encData?, signData, timestamp, orgId, extra}.
std::string BuildReplyBody(const Reply& r, const envelope::Rules& rules);

}  // namespace onetrans::platform::amp
