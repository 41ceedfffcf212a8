#include "exchange/driver.h"

#include <chrono>
#include <cstdio>

#include "exchange/bill_download.h"
#include "exchange/money_record.h"
#include "exchange/retry.h"
#include "exchange/unknown_outcome.h"

namespace onetrans::exchange {
namespace {

// The one log line of a call, with its duration, written however the call ends.
class Scope {
 public:
  Scope(const Runtime& rt, const char* platform, std::string api)
      : rt_(rt), start_(std::chrono::steady_clock::now()), record_{platform, std::move(api), "", "", "", 0} {}
  CallRecord& record() { return record_; }
  Outcome Finish(Outcome o, const MoneyRecord& money) {
    money.Finish(o);
    char code[16];
    std::snprintf(code, sizeof code, "%06d", o.code);
    record_.returnCode = code;
    record_.durationMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_).count();
    rt_.log().Call(record_);
    return o;
  }

 private:
  const Runtime& rt_;
  std::chrono::steady_clock::time_point start_;
  CallRecord record_;
};

}  // namespace

Result<std::string> Setting(const json::Value* primary, const json::Value* secondary, const char* name,
                            const std::string& configured, const char* label) {
  for (const json::Value* scope : {primary, secondary}) {
    if (scope == nullptr) continue;
    const json::Value* v = json::Find(*scope, name);
    if (v == nullptr || v->IsNull()) continue;
    if (!v->IsString())
      return Status::Fail(rc::kInvalidInput, std::string(name) + "（" + label + "）：类型应为字符串，实际为" +
                                                 (v->IsNumber() ? "数字" : v->IsBool() ? "布尔值" : v->IsArray() ? "数组" : "对象"));
    if (v->GetStringLength() != 0) return std::string(v->GetString(), v->GetStringLength());
  }
  return configured;
}

Outcome Run(const Runtime& rt, const char* platform, Prepare prepare, const json::Value& input) {
  Scope scope(rt, platform, "?");
  MoneyRecord money;
  auto finish = [&](Outcome o) { return scope.Finish(std::move(o), money); };

  auto prepared = prepare(rt, input);
  if (!prepared.ok()) return finish(LocalFailure(prepared.status));
  Call& call = *prepared.value;
  const catalog::Interface& itf = call.itf();
  scope.record().api = itf.code;
  scope.record().seqId = call.seq();

  std::optional<Outcome> replay;
  auto claimed = MoneyRecord::Claim(rt, call, &replay);
  if (!claimed.ok()) return finish(LocalFailure(claimed.status));
  if (replay) return finish(std::move(*replay));  // answered from the journal: nothing is sent
  money = std::move(claimed.value);

  auto unknown = [&](const std::string& why) {
    return OutcomeUnknown(call.idKey(), itf.code, call.seq().empty() ? nullptr : "platformSeqId", call.seq(),
                          itf.moneyMoving->query, QueryRequest(call.idKey(), *itf.moneyMoving, call.data()), why);
  };
  const TransportConfig& tcfg = rt.config().transport;
  transport::PostOptions post;
  post.freshConnection = itf.moneyMoving.has_value();
  Result<Reply> reply = Status::Fail(rc::kInternal, "no attempt");
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) {
      Backoff(attempt - 1, tcfg);
      scope.record().seqId = call.seq();
    }
    auto body = call.Body();
    if (!body.ok()) return finish(LocalFailure(body.status));
    if (attempt == 0) rt.log().Body("request data", call.plaintext());
    transport::Failure failure;
    auto resp = rt.http().PostJson(call.url(), body.value, &failure, post);
    if (!resp.ok()) {
      if (itf.moneyMoving && failure.delivery == transport::Delivery::MaybeSent) return finish(unknown(resp.status.message));
      if (ShouldRetry(itf, resp.status, attempt, tcfg) && call.Renew()) continue;
      return finish(LocalFailure(resp.status, failure.timedOut));
    }
    reply = call.Open(resp.value.body);
    if (reply.ok()) break;
    if (itf.moneyMoving) return finish(unknown(reply.status.message));
    if (ShouldRetry(itf, reply.status, attempt, tcfg) && call.Renew()) continue;
    return finish(LocalFailure(reply.status));
  }
  scope.record().rtCode = reply.value.code;

  json::Document answer;
  if (reply.value.plaintext) {
    rt.log().Body("reply data", *reply.value.plaintext);
    if (!json::Parse(*reply.value.plaintext, &answer).ok()) {
      Status bad = Status::Fail(rc::kDecrypt, "encData 解密后不是合法的JSON");
      return finish(itf.moneyMoving ? unknown(bad.message) : LocalFailure(bad));
    }
  }
  const json::Value* answerData = reply.value.plaintext ? &answer : nullptr;
  SettleFromQuery(rt, call, reply.value, answerData);
  if (reply.value.success && answerData != nullptr && WantsDownload(input) && !itf.bill.empty()) {
    Status st = AttachBill(rt, itf, call.data(), &answer);
    if (!st.ok()) return finish(BillFailure(st, answer));
  }
  return finish(call.Answer(reply.value, answerData));
}

}  // namespace onetrans::exchange
