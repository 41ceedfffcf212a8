// Journals one money-moving call under its business key (orderId, outRefundNo): claimed before
// the request leaves, updated with its outcome after. A key the journal already holds as sent
// is never sent again — from any thread or process, at any time: the call is answered from
// the journal (the recorded answer; or 000107 and the query while the outcome is unknown). A
// journal that cannot be written stops the call: money is never moved unrecorded.
#pragma once
#include <optional>
#include <string>

#include "core/outcome.h"
#include "exchange/driver.h"
#include "journal/journal.h"

namespace onetrans::exchange {

class MoneyRecord {
 public:
  MoneyRecord() = default;  // a no-op record: a call that moves no money, or journal.enabled=false
  // *replay receives the answer to give instead of sending, when the key was already used.
  static Result<MoneyRecord> Claim(const Runtime& rt, const Call& call, std::optional<Outcome>* replay);
  // done (the platform's verified answer), unknown (000107) or not-sent (decided locally).
  void Finish(const Outcome& o) const;

 private:
  Journal* journal_ = nullptr;
  JournalEntry entry_;
};

// After a verified answer to a settling query (HOS00012, HOS00016, AMP_HOS_003): resolves the
// open journal entries of the calls it settles.
void SettleFromQuery(const Runtime& rt, const Call& query, const Reply& reply, const json::Value* answer);

}  // namespace onetrans::exchange
