// Platform -> hospital calls (PROTOCOL.md §9): one pipeline for all four platforms.
//   Open: the platform's own checks (profile) -> the catalog -> the journal (money: at most once)
//         -> the handler request {"platform","api","requestId","data"}; or a refusal to send back.
//   Seal: the handler's reply -> the response catalog -> the platform's answer; a handler that
//         failed, timed out or answered something invalid gets the unknown answer for money,
//         never the failure answer.
// Used by the gateway, and through OneTrans_InboundOpen / OneTrans_InboundSeal by a HIS that
// runs its own web server.
#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "runtime/runtime.h"

namespace onetrans::inbound {

// One call that reached the handler stage.
struct Call {
  std::string route, api, requestId, platformId;
  const catalog::Interface* itf = nullptr;
  std::string handlerRequest;  // the JSON the HIS's handler receives
  long long journalId = 0;     // money-moving calls: the journal entry claimed for it
  std::string journalKey, fingerprint, ref;
};

struct Opened {
  bool refused = false;
  bool answered = false;  // refused because it is a repeat, answered from the journal
  int httpStatus = 200;
  std::string reply;  // refused: the complete body to send to the platform
  std::string why;    // refused: the reason (for the log line)
  Call call;          // not refused: what to hand the HIS
};

// `path`: the request path under the gateway base ("qingyuan", "amp/rechargeSettle", "yzt",
// "mpay/order"). Never throws.
Opened Open(const Runtime& rt, std::string_view path, std::string_view body);

// What the handler gave: its reply text, or nothing (failed / timed out) with the reason.
struct HandlerResult {
  bool replied = false;
  std::string reply;
  bool timedOut = false;
  std::string why;
};

// The body to send to the platform for this call. Records the outcome in the journal.
std::string Seal(const Runtime& rt, const Call& call, const HandlerResult& result);

// The call back from the handler request Open gave (for OneTrans_InboundSeal, which gets only
// that text). 000105 when it is not one.
Result<Call> Recall(const Runtime& rt, std::string_view handlerRequest);

}  // namespace onetrans::inbound
