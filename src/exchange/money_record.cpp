#include "exchange/money_record.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "crypto/crypto.h"
#include "exchange/unknown_outcome.h"

namespace onetrans::exchange {
namespace {

std::string KeyOf(const char* platform, const std::string& api, const std::string& ref) {
  return JournalKey("out", platform, api, {ref});
}

bool Contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The answer recorded for the first call, given again byte for byte: a MobileTransEx retry
// with a buffer of the size the first call reported must find exactly that size.
Outcome Recorded(const JournalEntry& e) {
  Outcome o;
  o.code = std::atoi(e.returnCode.c_str());
  o.origin = e.origin == "platform" ? Origin::kPlatform : Origin::kLocal;
  o.json = e.answer;
  json::Document d;
  if (json::Parse(e.answer, &d).ok()) o.message = json::GetStringOr(d, "message", "");
  return o;
}

Outcome Replay(const Call& call, const JournalEntry& e, const std::string& ref) {
  const catalog::UnknownOutcome& u = *call.itf().moneyMoving;
  const std::string when = "该交易（" + u.ref + "=" + ref + "）已于 " + e.created + " 发送过";
  if (e.state == "done") return Recorded(e);
  if (e.state == "resolved") {
    bool succeeded = Contains(u.settle.succeeded, e.finalStatus);
    json::Document answer;
    const json::Value* data = nullptr;
    if (json::Parse(e.answer, &answer).ok()) data = json::Find(answer, "data");
    Output out(succeeded ? 0 : -1, when + "，平台查询结果：" + u.settle.field + "=" + e.finalStatus + "（由 " + u.query + " 确认）",
               Origin::kPlatform);
    out.Str(call.idKey(), call.itf().code).Str("finalStatus", e.finalStatus).Bool("replayed", true).Value("data", data);
    return out.Finish(rc::kOk, Origin::kPlatform);
  }
  // pending (sending now, or a process died while sending) or unknown: still unknown.
  return OutcomeUnknown(call.idKey(), call.itf().code, nullptr, "", u.query, e.query,
                        when + (e.state == "pending" ? "，仍在处理中或进程中断" : "，结果未知"));
}

}  // namespace

Result<MoneyRecord> MoneyRecord::Claim(const Runtime& rt, const Call& call, std::optional<Outcome>* replay) {
  MoneyRecord r;
  const catalog::Interface& itf = call.itf();
  if (!itf.moneyMoving) return r;
  auto journal = rt.journal();
  if (!journal.ok()) return Status::Fail(rc::kInternal, journal.status.message + "；为保证资金安全，本次交易未发送");
  if (journal.value == nullptr) return r;
  JournalEntry e;
  e.direction = "out";
  e.platform = call.platform();
  e.api = itf.code;
  e.ref = json::Text(call.data(), itf.moneyMoving->ref.c_str());
  if (const json::Value* amt = json::Find(call.data(), itf.moneyMoving->amount.c_str())) json::ScalarText(*amt, &e.amount);
  e.key = KeyOf(call.platform(), itf.code, e.ref);
  e.seq = call.seq();
  // The business content, however spelled (key order, empty fields): a HIS re-sending the same
  // order is recognised, one changing its amount is refused.
  json::Document plain;
  if (!json::Parse(call.plaintext(), &plain).ok()) return Status::Fail(rc::kInternal, "business data is not JSON");
  e.fingerprint = crypto::Sm3Hex(json::Canonical(plain));
  e.query = QueryRequest(call.idKey(), *itf.moneyMoving, call.data());
  auto claim = journal.value->Claim(e);
  if (!claim.ok()) return Status::Fail(rc::kInternal, claim.status.message + "；为保证资金安全，本次交易未发送");
  if (!claim.value.fresh) {
    const JournalEntry& found = claim.value.entry;
    if (found.fingerprint != e.fingerprint)
      return Status::Fail(rc::kInvalidInput, "data." + itf.moneyMoving->ref + "：单号 " + e.ref + " 已于 " + found.created +
                                                 " 用于一笔内容不同的交易，同一单号不能再次发送（请使用新的单号）");
    *replay = Replay(call, found, e.ref);
    return r;
  }
  r.journal_ = journal.value;
  r.entry_ = claim.value.entry;
  return r;
}

void MoneyRecord::Finish(const Outcome& o) const {
  if (journal_ == nullptr) return;
  JournalEntry e = entry_;
  json::Document out;
  if (json::Parse(o.json, &out).ok()) {
    std::string code;
    if (const json::Value* c = json::Find(out, "code")) json::ScalarText(*c, &code);
    e.result = code + " " + json::GetStringOr(out, "message", "");
  }
  e.state = o.code == static_cast<int>(Code::kOutcomeUnknown) ? "unknown" : o.origin == Origin::kPlatform ? "done" : "not-sent";
  char code[16];
  std::snprintf(code, sizeof code, "%06d", o.code);
  e.returnCode = code;
  e.origin = OriginName(o.origin);
  e.answer = o.json;
  (void)journal_->Finish(e);  // the answer goes back to the host even if this fails
}

void SettleFromQuery(const Runtime& rt, const Call& query, const Reply& reply, const json::Value* answer) {
  if (!reply.success || answer == nullptr || !rt.config().journal.enabled) return;
  const catalog::Catalog& cat = std::string(query.platform()) == "amp" ? catalog::Amp() : catalog::Qingyuan();
  for (const auto& [code, itf] : cat.interfaces()) {
    if (!itf.moneyMoving || itf.moneyMoving->query != query.itf().code || itf.moneyMoving->settle.field.empty()) continue;
    const catalog::UnknownOutcome& u = *itf.moneyMoving;
    std::string ref = json::Text(query.data(), u.ref.c_str());
    std::string status = json::Text(*answer, u.settle.field.c_str());
    if (ref.empty() || status.empty()) continue;
    bool settled = Contains(u.settle.succeeded, status) || Contains(u.settle.failed, status);
    if (!settled) continue;
    auto journal = rt.journal();
    if (!journal.ok() || journal.value == nullptr) return;
    auto entry = journal.value->FindByKey(KeyOf(query.platform(), itf.code, ref));
    if (!entry.ok() || !entry.value) continue;
    const std::string& state = entry.value->state;
    if (state != "unknown" && state != "pending") continue;
    std::string answerJson = "{\"data\":" + json::Serialize(*answer) + "}";
    (void)journal.value->Resolve(entry.value->id, status, answerJson, "由 " + query.itf().code + " 确认：" + u.settle.field + "=" + status);
    rt.log().Info("journal #" + std::to_string(entry.value->id) + " " + itf.code + " " + ref + " resolved by " + query.itf().code +
                  ": " + status);
  }
}

}  // namespace onetrans::exchange
