#include "platform/qingyuan_client.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>

#include "catalog/catalog.h"
#include "platform/bill_download.h"
#include "platform/qingyuan.h"
#include "platform/call_scope.h"
#include "platform/money_record.h"
#include "platform/retry.h"
#include "platform/unknown_outcome.h"

namespace onetrans::platform::qingyuan {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* k, std::string_view v) { json::WriteField(w, k, v); }

// A per-call value wins over the config; absent or empty falls back.
Result<std::string> Setting(const json::Value& input, const char* name, const std::string& configured) {
  const json::Value* v = json::Find(input, name);
  if (v == nullptr || v->IsNull()) return configured;
  if (!v->IsString()) return Status::Fail(rc::kInvalidInput, std::string(name) + "：类型应为字符串");
  std::string s(v->GetString(), v->GetStringLength());
  return s.empty() ? configured : s;
}

struct Prepared {
  Request request;
  std::string serverAddr, key;
  const catalog::Interface* itf = nullptr;
};

Result<Prepared> Prepare(const Runtime& rt, const json::Value& input) {
  const QingyuanConfig& cfg = rt.config().qingyuan;
  Prepared p;
  auto transCode = json::GetString(input, "transCode");
  if (!transCode || transCode->empty()) return Status::Fail(rc::kInvalidInput, "transCode（交易码）：必填字段缺失");
  p.itf = catalog::Qingyuan().Find(*transCode);
  if (p.itf == nullptr)
    return Status::Fail(rc::kInvalidInput, "transCode（交易码）：不支持的交易码 \"" + *transCode + "\"");
  p.request.transCode = *transCode;

  struct { const char* name; const std::string& configured; std::string* out; const char* label; } settings[] = {
      {"serverAddr", cfg.serverAddr, &p.serverAddr, "平台地址"},
      {"platformId", cfg.platformId, &p.request.platformId, "接入方编号"},
      {"key", cfg.key, &p.key, "接入方密钥"},
      {"version", cfg.version, &p.request.version, "版本号"},
  };
  for (auto& s : settings) {
    auto v = Setting(input, s.name, s.configured);
    if (!v.ok()) return v.status;
    if (v.value.empty())
      return Status::Fail(rc::kInvalidInput, std::string(s.name) + "（" + s.label + "）：未配置，请在请求中传入或在配置 [qingyuan] " + s.name + " 中设置");
    *s.out = std::move(v.value);
  }
  if (p.key.size() < 16) return Status::Fail(rc::kInvalidInput, "key（接入方密钥）：长度不足16位，无法生成SM4密钥");
  if (p.request.platformId.size() > 8)
    return Status::Fail(rc::kInvalidInput, "platformId（接入方编号）：长度应为至多8个字符，实际为" + std::to_string(p.request.platformId.size()));
  if (p.request.version.size() > 10) return Status::Fail(rc::kInvalidInput, "version（版本号）：长度应为至多10个字符");
  if (p.serverAddr.rfind("http://", 0) != 0 && p.serverAddr.rfind("https://", 0) != 0)
    return Status::Fail(rc::kInvalidInput, "serverAddr（平台地址）：应以 http:// 或 https:// 开头");

  auto seq = Setting(input, "platformSeqId", "");
  if (!seq.ok()) return seq.status;
  p.request.platformSeqId = seq.value.empty() ? NewPlatformSeqId() : seq.value;
  if (!IsValidPlatformSeqId(p.request.platformSeqId))
    return Status::Fail(rc::kInvalidInput, "platformSeqId（接入方流水号）：应为8至40位数字或英文字母");
  if (const json::Value* ext = json::Find(input, "extendParmas"); ext != nullptr && !ext->IsNull()) {
    std::string text;
    if (!json::ScalarText(*ext, &text)) text = json::Serialize(*ext);
    if (json::Utf8Length(text) > 1024) return Status::Fail(rc::kInvalidInput, "extendParmas（扩展参数）：长度应为至多1024个字符");
    p.request.extendParmas = std::move(text);
  }

  const json::Value* data = json::Find(input, "data");
  if (data == nullptr || data->IsNull()) return Status::Fail(rc::kInvalidInput, "data（业务参数）：必填字段缺失");
  Status st = catalog::Qingyuan().Validate(*p.itf, *data);
  if (!st.ok()) return st;
  p.request.plaintext = json::Serialize(*data);
  LocalDateTime(&p.request.platformTransDate, &p.request.platformTransTime);
  return p;
}

Outcome OutcomeUnknown(const Prepared& p, const json::Value& data, const std::string& why) {
  return platform::OutcomeUnknown("transCode", p.request.transCode, "platformSeqId", p.request.platformSeqId,
                                  *p.itf->moneyMoving, data, why);
}

std::string Answer(const Prepared& p, const Reply& reply, const json::Value* data) {
  int code = 0;
  if (reply.rtCode != "0000") {
    code = std::atoi(reply.rtCode.c_str());
    if (code == 0) code = -1;  // a non-numeric failure code must not read as success
  }
  std::string message = reply.rtMsg.empty() ? catalog::Qingyuan().RtMessage(reply.rtCode) : reply.rtMsg;
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("code");
  w.Int(code);
  Str(w, "message", message);
  Str(w, "rtCode", reply.rtCode);
  Str(w, "rtMsg", reply.rtMsg);
  Str(w, "transCode", p.request.transCode);
  Str(w, "platformSeqId", p.request.platformSeqId);
  w.Key("data");
  if (data != nullptr) {
    data->Accept(w);
  } else {
    w.Null();
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

Outcome Call(const Runtime& rt, const json::Value& input) {
  CallScope call(rt, "qingyuan", json::GetStringOr(input, "transCode", "?"));
  auto finish = [&call](Outcome o) { return call.Finish(std::move(o)); };

  auto prepared = Prepare(rt, input);
  if (!prepared.ok()) return finish(LocalFailure(prepared.status));
  Prepared& p = prepared.value;
  const bool ownSeqId = json::Find(input, "platformSeqId") == nullptr;
  const json::Value& data = *json::Find(input, "data");
  auto journaled = platform::MoneyRecord::Begin(rt, "qingyuan", "transCode", *p.itf, data, p.request.platformSeqId);
  if (!journaled.ok()) return finish(LocalFailure(journaled.status));
  call.Journal(journaled.value);
  const TransportConfig& tcfg = rt.config().transport;
  Result<Reply> reply = Status::Fail(rc::kInternal, "");
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) {
      Backoff(attempt - 1, tcfg);
      // A retried query is a new request to the platform: it needs its own platformSeqId.
      p.request.platformSeqId = NewPlatformSeqId();
      LocalDateTime(&p.request.platformTransDate, &p.request.platformTransTime);
    }
    call.record().seqId = p.request.platformSeqId;
    auto body = BuildRequestBody(p.request, p.key);
    if (!body.ok()) return finish(LocalFailure(body.status));
    if (attempt == 0) rt.log().Body("request data", p.request.plaintext);
    transport::Failure failure;
    auto resp = rt.http().PostJson(p.serverAddr, body.value, &failure);
    if (!resp.ok()) {
      if (p.itf->moneyMoving && failure.delivery == transport::Delivery::MaybeSent)
        return finish(OutcomeUnknown(p, data, resp.status.message));
      if (ownSeqId && ShouldRetry(*p.itf, resp.status, attempt, tcfg)) continue;
      return finish(LocalFailure(resp.status, failure.timedOut));
    }
    reply = OpenReply(resp.value.body, p.key);
    if (reply.ok()) break;
    if (p.itf->moneyMoving) return finish(OutcomeUnknown(p, data, reply.status.message));
    if (ownSeqId && ShouldRetry(*p.itf, reply.status, attempt, tcfg)) continue;
    return finish(LocalFailure(reply.status));
  }
  call.record().rtCode = reply.value.rtCode;
  if (reply.value.plaintext) rt.log().Body("reply data", *reply.value.plaintext);
  json::Document answer;
  if (reply.value.plaintext && !json::Parse(*reply.value.plaintext, &answer).ok()) {
    Status bad = Status::Fail(rc::kDecrypt, "encData 解密后不是合法的JSON");
    return finish(p.itf->moneyMoving ? OutcomeUnknown(p, data, bad.message) : LocalFailure(bad));
  }
  const json::Value* answerData = reply.value.plaintext ? &answer : nullptr;
  if (reply.value.rtCode == "0000" && answerData != nullptr && WantsDownload(input) && !p.itf->bill.empty()) {
    Status st = AttachBill(rt, *p.itf, data, &answer);
    if (!st.ok()) return finish(BillFailure(st, answer));
  }
  return finish(Outcome{rc::kOk, Answer(p, reply.value, answerData)});
}

}  // namespace onetrans::platform::qingyuan
