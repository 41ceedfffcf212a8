// Qingyuan wire profile (PROTOCOL.md §4): which fields are signed, how the SM4 key is
// derived, the request and reply envelopes. Used by the client and by the sandbox.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "envelope/envelope.h"

namespace onetrans::platform::qingyuan {

envelope::Rules Rules(std::string_view accessKey);

struct Request {
  std::string transCode, platformId, platformSeqId, platformTransDate, platformTransTime;
  std::string version = "1.0.0";
  std::optional<std::string> extendParmas;  // sent only when given, never signed
  std::string plaintext;                    // compact JSON of the business object
};

// The request body as sent: encData, encType, extendParmas?, platformId, platformSeqId,
// platformTransDate, platformTransTime, signData, signType, transCode, version.
Result<std::string> BuildRequestBody(const Request& r, std::string_view accessKey);

struct Reply {
  std::string rtCode, rtMsg;
  std::optional<std::string> plaintext;  // decrypted encData, when the reply had one
};

// Verifies and decrypts a reply (000101 undecryptable, 000102 signature missing or wrong,
// 000100 not a reply envelope at all).
Result<Reply> OpenReply(std::string_view body, std::string_view accessKey);
std::string BuildReplyBody(const Reply& r, std::string_view accessKey);

// Server side (sandbox): verifies an incoming request envelope.
struct Incoming {
  envelope::Opened opened;
  std::string transCode, platformId, platformSeqId, platformTransDate, platformTransTime, version;
};
Status OpenRequest(std::string_view body, std::string_view accessKey, Incoming* out);

// 14-digit local timestamp + 18 random alphanumerics: unique across threads and processes.
std::string NewPlatformSeqId();
bool IsValidPlatformSeqId(std::string_view id);
// Local yyyyMMdd and HHmmss.
void LocalDateTime(std::string* date, std::string* time);

}  // namespace onetrans::platform::qingyuan
