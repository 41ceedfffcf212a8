// A hospital endpoint written without OneTrans's gateway: a small cpp-httplib server on
// 127.0.0.1 that speaks the four platforms' wire through src/platform/ (the Qingyuan envelope,
// the 一帐通 MD5 sign, the 公众号 reply) and checks requests against the catalog, with a HIS of
// its own behind it. It does everything PROTOCOL.md §9 asks except the one Flaw it is given, so a
// his-check run against it must FAIL that flaw's check and nothing else. The keys are the gateway
// tests' (tests/gateway/gateway_harness.h), so one configuration drives both.
#pragma once
#include <memory>
#include <string>

namespace onetrans::test {

enum class Flaw {
  None,
  SkipsSignature,      // Qingyuan signData and 一帐通 sign never checked: a tampered request is served
  ForwardsRepeats,     // an identical repeat of a money-moving call goes to the HIS again (conflicts still refused)
  FailsOnTimeout,      // a HIS that timed out on a money-moving call gets the failure answer, not the unknown one
  PassesInvalidReply,  // the HIS's reply is sent on without checking it against the response catalog
  ReplaysChangedRepeat,  // a repeat with the same key but other business fields gets the first answer
  IgnoresToken,          // amp / mpay: X-OneTrans-Token never looked at
  SkipsRequestCatalog,   // requests go to the HIS without being checked against the request catalog
  ForgetsSeqIds,         // Qingyuan: a platformSeqId seen before is served again
  IgnoresClock,          // Qingyuan: platformTransDate/Time never compared with now
};

// What the HIS behind it does on ORG_003 and op_yjj_account_transfer_in (the two money-moving
// APIs with a settling query), or on ORG_001 for EchoesSecret.
enum class MiniHis {
  Normal,
  BooksThenTimesOut,  // books the movement, then answers too late (its settling query then says succ)
  Declines,           // a business refusal: nothing booked (its settling query says fail / notfound)
  NoResult,           // ORG_003 answered without `result`
  ResultMaybe,        // ORG_003 answered with `result` "maybe"
  EchoesSecret,       // ORG_001 refused with a message quoting the configured token and key
};

class MiniGateway {
 public:
  explicit MiniGateway(Flaw flaw, MiniHis his = MiniHis::Normal);
  ~MiniGateway();
  MiniGateway(const MiniGateway&) = delete;
  MiniGateway& operator=(const MiniGateway&) = delete;
  const std::string& base() const;
  int hisCalls(const std::string& api) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onetrans::test
