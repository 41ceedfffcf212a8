#include "platform/amp_client.h"
#include "core/clock.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "catalog/catalog.h"
#include "platform/amp.h"
#include "platform/bill_download.h"
#include "platform/call_scope.h"
#include "platform/money_record.h"
#include "platform/retry.h"
#include "platform/unknown_outcome.h"

namespace onetrans::platform::amp {
namespace {

struct Prepared {
  const catalog::Interface* itf = nullptr;
  std::string url, appKey;
  Request request;
  envelope::Rules rules;
};

std::string NowTimestamp() { return clock::Format("%Y-%m-%d %H:%M:%S"); }

// A value from `data` (the seed's form), else from the top level, else the config.
std::string Pick(const json::Value& data, const json::Value& input, const char* name, const std::string& configured) {
  std::string v = json::GetStringOr(data, name, "");
  if (v.empty()) v = json::GetStringOr(input, name, "");
  return v.empty() ? configured : v;
}

std::string LastSegment(std::string url) {
  url = url.substr(0, url.find_first_of("?#"));
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url.substr(url.find_last_of('/') + 1);
}

Result<Prepared> Prepare(const Runtime& rt, const json::Value& input) {
  const AmpConfig& cfg = rt.config().amp;
  const json::Value* data = json::Find(input, "data");
  if (data == nullptr || !data->IsObject()) return Status::Fail(rc::kInvalidInput, "data（业务参数）：必填，应为JSON对象");
  Prepared p;
  const catalog::Catalog& cat = catalog::Amp();
  std::string serverAddr = json::GetStringOr(*data, "serverAddr", "");
  if (!serverAddr.empty()) {
    p.url = serverAddr;
    std::string suffix = LastSegment(serverAddr);
    p.itf = cat.FindByPath(suffix);
    if (p.itf == nullptr)
      return Status::Fail(rc::kInvalidInput, "serverAddr（区域医保支付门户地址）：路径后缀 \"" + suffix +
                                                 "\" 不是已知接口（pushMsg、refund、queryRefundResult、getTradeFile）");
  } else {
    std::string api = json::GetStringOr(input, "api", "");
    if (api.empty()) return Status::Fail(rc::kInvalidInput, "serverAddr（区域医保支付门户地址）：未传入，且没有 api 指明接口");
    p.itf = cat.Find(api);
    if (p.itf == nullptr) p.itf = cat.FindByPath(api);
    if (p.itf == nullptr) return Status::Fail(rc::kInvalidInput, "api（接口）：不支持的接口 \"" + api + "\"");
    if (cfg.serverAddr.empty())
      return Status::Fail(rc::kInvalidInput, "serverAddr（区域医保支付门户地址）：未传入，也未在配置 [amp] serverAddr 中设置");
    p.url = cfg.serverAddr;
    while (!p.url.empty() && p.url.back() == '/') p.url.pop_back();
    p.url += "/" + p.itf->path;
  }
  if (p.url.rfind("http://", 0) != 0 && p.url.rfind("https://", 0) != 0)
    return Status::Fail(rc::kInvalidInput, "serverAddr（区域医保支付门户地址）：应以 http:// 或 https:// 开头");

  p.request.appId = Pick(*data, input, "appId", cfg.appId);
  p.appKey = Pick(*data, input, "appKey", cfg.appKey);
  p.request.orgId = json::GetStringOr(input, "orgId", cfg.orgId);
  if (p.request.orgId.empty()) p.request.orgId = cfg.orgId;
  if (p.request.appId.empty()) return Status::Fail(rc::kInvalidInput, "appId（应用ID）：未传入，也未在配置 [amp] appId 中设置");
  if (p.appKey.empty()) return Status::Fail(rc::kInvalidInput, "appKey（应用秘钥）：未传入，也未在配置 [amp] appKey 中设置");
  if (p.request.orgId.empty()) return Status::Fail(rc::kInvalidInput, "orgId（机构ID）：未传入，也未在配置 [amp] orgId 中设置");
  std::string enc = json::GetStringOr(*data, "encryptType", "SM4"), sign = json::GetStringOr(*data, "signType", "SM3");
  if (enc != "SM4") return Status::Fail(rc::kInvalidInput, "encryptType（加密类型）：只支持 SM4，实际为 \"" + enc + "\"");
  if (sign != "SM3") return Status::Fail(rc::kInvalidInput, "signType（签名类型）：只支持 SM3，实际为 \"" + sign + "\"");
  p.request.timestamp = json::GetStringOr(*data, "timestamp", "");
  if (p.request.timestamp.empty()) p.request.timestamp = NowTimestamp();
  p.request.version = json::GetStringOr(*data, "version", "1.0.0");

  Status st = cat.Validate(*p.itf, *data);
  if (!st.ok()) return st;
  auto rules = Rules(p.request.appId, p.appKey, cfg.keyDerivation);
  if (!rules.ok()) return rules.status;
  p.rules = std::move(rules.value);
  p.request.plaintext = BusinessPlaintext(*data);
  return p;
}

bool SixDigitCode(const std::string& c) {
  if (c.size() != 6) return false;
  for (char ch : c)
    if (ch < '0' || ch > '9') return false;
  return true;
}

// Seed 001's output: {"code":0,"data":{...},"extra":"","message":"成功","orgId":...}
std::string Answer(const Reply& r, const json::Value* data, const std::string& orgId) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](const char* k, const std::string& v) { json::WriteField(w, k, v); };
  w.StartObject();
  w.Key("code");
  int code = std::atoi(r.code.c_str());
  w.Int(r.success ? 0 : code != 0 ? code : -1);  // a non-numeric failure code must not read as success
  w.Key("data");
  if (data != nullptr) data->Accept(w); else w.Null();
  str("extra", r.extra);
  str("message", r.message);
  str("orgId", r.orgId.empty() ? orgId : r.orgId);
  if (!r.success) str("gatewayCode", r.code);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

Outcome Call(const Runtime& rt, const json::Value& input) {
  CallScope call(rt, "amp", "?");
  auto finish = [&call](Outcome o) { return call.Finish(std::move(o)); };
  auto prepared = Prepare(rt, input);
  if (!prepared.ok()) return finish(LocalFailure(prepared.status));
  Prepared& p = prepared.value;
  call.record().api = p.itf->code;
  const json::Value& data = *json::Find(input, "data");
  auto journaled = platform::MoneyRecord::Begin(rt, "amp", "api", *p.itf, data, std::string());
  if (!journaled.ok()) return finish(LocalFailure(journaled.status));
  call.Journal(journaled.value);
  const bool ownTimestamp = json::GetStringOr(data, "timestamp", "").empty();
  const TransportConfig& tcfg = rt.config().transport;
  auto unknown = [&](const std::string& why) {
    return OutcomeUnknown("api", p.itf->code, nullptr, "", *p.itf->moneyMoving, data, why);
  };
  Result<Reply> reply = Status::Fail(rc::kInternal, "");
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) {
      Backoff(attempt - 1, tcfg);
      // The gateway refuses a body it has seen (replay guard): a retry carries a later timestamp.
      while (NowTimestamp() == p.request.timestamp) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      p.request.timestamp = NowTimestamp();
    }
    auto body = BuildRequestBody(p.request, p.rules);
    if (!body.ok()) return finish(LocalFailure(body.status));
    if (attempt == 0) rt.log().Body("request data", p.request.plaintext);
    transport::Failure failure;
    auto resp = rt.http().PostJson(p.url, body.value, &failure);
    if (!resp.ok()) {
      if (p.itf->moneyMoving && failure.delivery == transport::Delivery::MaybeSent) return finish(unknown(resp.status.message));
      if (ownTimestamp && ShouldRetry(*p.itf, resp.status, attempt, tcfg)) continue;
      return finish(LocalFailure(resp.status, failure.timedOut));
    }
    reply = OpenReply(resp.value.body, p.rules);
    if (reply.ok()) break;
    if (p.itf->moneyMoving) return finish(unknown(reply.status.message));
    if (ownTimestamp && ShouldRetry(*p.itf, reply.status, attempt, tcfg)) continue;
    return finish(LocalFailure(reply.status));
  }
  call.record().rtCode = reply.value.code;
  json::Document answer;
  if (reply.value.plaintext) {
    rt.log().Body("reply data", *reply.value.plaintext);
    if (!json::Parse(*reply.value.plaintext, &answer).ok()) {
      Status bad = Status::Fail(rc::kDecrypt, "encData 解密后不是合法的JSON");
      return finish(p.itf->moneyMoving ? unknown(bad.message) : LocalFailure(bad));
    }
  }
  const json::Value* answerData = reply.value.plaintext ? &answer : nullptr;
  if (reply.value.success && answerData != nullptr && WantsDownload(input) && !p.itf->bill.empty()) {
    Status st = AttachBill(rt, *p.itf, data, &answer);
    if (!st.ok()) return finish(BillFailure(st, answer));
  }
  std::string out = Answer(reply.value, answerData, p.request.orgId);
  // Six-digit gateway codes are returned as they are; application codes (-1…-8) travel in
  // the output's "code" with the exchange itself reported as 000000 (PROTOCOL.md §5).
  std::string code = (!reply.value.success && SixDigitCode(reply.value.code)) ? reply.value.code : rc::kOk;
  return finish(Outcome{code, std::move(out)});
}

}  // namespace onetrans::platform::amp
