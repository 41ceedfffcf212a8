#include "platform/money_record.h"

#include "platform/unknown_outcome.h"

namespace onetrans::platform {

Result<MoneyRecord> MoneyRecord::Begin(const Runtime& rt, const char* platform, const char* idKey,
                                       const catalog::Interface& itf, const json::Value& data, const std::string& seq) {
  MoneyRecord r;
  if (!itf.moneyMoving) return r;
  auto journal = rt.journal();
  if (!journal.ok()) return Status::Fail(rc::kInternal, journal.status.message + "；为保证资金安全，本次交易未发送");
  if (journal.value == nullptr) return r;
  JournalEntry e;
  e.platform = platform;
  e.api = itf.code;
  if (const json::Value* ref = json::Find(data, itf.moneyMoving->ref.c_str())) json::ScalarText(*ref, &e.ref);
  if (const json::Value* amt = json::Find(data, itf.moneyMoving->amount.c_str())) json::ScalarText(*amt, &e.amount);
  e.seq = seq;
  e.query = QueryRequest(idKey, *itf.moneyMoving, data);
  auto id = journal.value->Begin(e);
  if (!id.ok()) return Status::Fail(rc::kInternal, id.status.message + "；为保证资金安全，本次交易未发送");
  r.journal_ = journal.value;
  r.id_ = id.value;
  return r;
}

void MoneyRecord::Finish(const Outcome& o) const {
  if (journal_ == nullptr) return;
  json::Document out;
  std::string result;
  if (json::Parse(o.json, &out).ok()) {
    std::string code;
    if (const json::Value* c = json::Find(out, "code")) json::ScalarText(*c, &code);
    result = code + " " + json::GetStringOr(out, "message", "");
  }
  const char* state = o.code == rc::kOk ? "done" : o.code == rc::kOutcomeUnknown ? "unknown" : "not-sent";
  journal_->Finish(id_, state, o.code, result);  // the answer goes back to the host even if this fails
}

}  // namespace onetrans::platform
