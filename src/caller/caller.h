// The platforms' side of an inbound call (PROTOCOL.md §9): what the sandbox and `onetrans
// his-check` do when they play a platform calling the hospital. The wire rules are platform/'s,
// the very ones the gateway checks with.
#pragma once
#include <string>

#include "catalog/catalog.h"
#include "core/config.h"
#include "transport/http.h"

namespace onetrans::caller {

// What a platform signs with, from the same INI the gateway reads: [qingyuan] platformId/key,
// [gateway.yzt] secret, [gateway.amp] / [gateway.mpay] token.
struct Credentials {
  std::string qingyuanPlatformId, qingyuanKey, yztSecret, ampToken, mpayToken;
};
Credentials FromConfig(const Config& cfg);

// Deliberate faults, for refusal probes.
struct Faults {
  bool badSignature = false;   // Qingyuan signData / 一帐通 sign altered
  bool badEncData = false;     // Qingyuan encData altered
  std::string seqId;           // Qingyuan: this platformSeqId (a reused one)
  long clockSkewS = 0;         // Qingyuan: platformTransDate/Time this far from now
  std::string token;           // amp / mpay: this token instead of the configured one
  bool noToken = false;
};

// One call and the answer as the platform reads it.
struct Answer {
  bool delivered = false;  // an HTTP answer came back
  int http = 0;
  std::string transportError;
  std::string raw;         // the body as received
  bool verified = false;   // Qingyuan / 一帐通: the reply's signature checks out (others: true)
  std::string code;        // rtCode / ret_code / retCode / CODE
  std::string message;     // rtMsg / ret_msg / retMsg (out_retMsg) / MSG
  std::string data;        // the business answer (JSON object text), "" when there is none
  std::string seqId;       // Qingyuan: the platformSeqId sent
};

// The route's path under the gateway base for an inbound API: "/qingyuan", "/amp/rechargeSettle",
// "/yzt", "/mpay/order".
std::string PathOf(const std::string& route, const catalog::Interface& itf);

// Sends `data` (a JSON object text, the business fields) to the hospital's gateway at `base`.
Answer Call(transport::HttpClient& http, const std::string& base, const std::string& route, const catalog::Interface& itf,
            const std::string& data, const Credentials& creds, const Faults& faults = {});

// Whether an answer is the platform's success form for its route.
bool Succeeded(const std::string& route, const Answer& a);

}  // namespace onetrans::caller
