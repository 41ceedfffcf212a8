#include "check/reading.h"

#include <set>

#include "platform/qingyuan.h"
#include "platform/yzt.h"

namespace onetrans::check::detail {
namespace {

// A response field the catalog requires: then its absence breaks the platform's own form.
bool Requires(const catalog::Interface& itf, const char* name) {
  for (const auto& f : itf.response)
    if (f.name == name) return f.use == 'M';
  return false;
}

}  // namespace

std::string Shown(const json::Value& v) { return json::Utf8Prefix(json::Serialize(v), 40); }

Reading Read(const std::string& route, const catalog::Interface& itf, const caller::Answer& a, const caller::Credentials& creds) {
  Reading r;
  r.data.SetObject();
  r.delivered = a.delivered;
  r.http = a.http;
  r.code = a.code;
  r.message = a.message;
  auto wire = [&](const std::string& zh, const std::string& en) {
    if (r.wireZh.empty()) {
      r.wireZh = zh;
      r.wireEn = en;
    }
  };
  if (!a.delivered) {
    r.signedOk = false;
    wire("无应答：" + a.transportError, "no answer: " + a.transportError);
    return r;
  }
  if (a.http != 200) wire("HTTP 状态 " + std::to_string(a.http) + "（平台要求 200）", "HTTP status " + std::to_string(a.http) + " (the platform expects 200)");
  json::Document body;
  bool isObject = json::Parse(a.raw, &body).ok() && body.IsObject();
  auto& alloc = r.data.GetAllocator();

  if (route == "qingyuan") {
    // Opened again here (the caller did it once) for why it failed: key, signature or form.
    auto reply = platform::qingyuan::OpenReply(a.raw, creds.qingyuanKey);
    if (!reply.ok()) {
      r.signedOk = false;
      if (!isObject) wire("应答不是JSON对象", "the reply is not a JSON object");
      else if (reply.status.code == rc::kDecrypt) wire("应答 encData 无法用接入方密钥解密（SM4）", "the reply's encData does not decrypt with the access key (SM4)");
      else if (reply.status.code == rc::kSignature) wire("应答签名 signData 验证失败（SM3）", "the reply's signData does not verify (SM3)");
      else wire("应答不是清远报文：" + json::Utf8Prefix(reply.status.message, 60), "not a Qingyuan reply envelope (no rtCode)");
    } else if (reply.value.plaintext) {
      if (!json::Parse(*reply.value.plaintext, &r.data).ok() || !r.data.IsObject()) {
        r.data.SetObject();
        wire("应答 encData 解密后不是JSON对象", "the reply's decrypted encData is not a JSON object");
      }
    }
    r.success = r.code == "0000";
    return r;
  }
  if (!isObject) {
    wire("应答不是JSON对象", "the reply is not a JSON object");
    return r;
  }
  if (route == "amp") {
    r.data.CopyFrom(body, alloc);
    bool needsCode = Requires(itf, "ret_code");
    if (needsCode && r.code.empty()) wire("应答缺少 ret_code", "the reply has no ret_code");
    // ORG_008's answer has no ret_code at all: an answer without one is its success.
    r.success = r.code == "00" || (r.code.empty() && !needsCode);
    // A query's `result` (ORG_004) tells of another call; only a movement's own is its outcome.
    if (itf.inboundRules.moneyMoving) r.result = json::Text(body, "result");
    r.unknown = r.code == "99" || r.result == "exp";
    return r;
  }
  if (route == "yzt") {
    r.signedOk = platform::yzt::Verify(a.raw, creds.yztSecret).ok();
    if (!r.signedOk) wire("应答签名 sign 验证失败（MD5）", "the reply's sign does not verify (MD5)");
    for (auto it = body.MemberBegin(); it != body.MemberEnd(); ++it)
      if (std::string_view(it->name.GetString(), it->name.GetStringLength()) != "sign")
        r.data.AddMember(json::Value(it->name, alloc), json::Value(it->value, alloc), alloc);
    bool needsCode = Requires(itf, "retCode");
    if (needsCode && r.code.empty()) wire("应答缺少 retCode", "the reply has no retCode");
    // 用卡轨迹 and 费用清单 have no retCode in the seed: absent means success (PROTOCOL §9.7).
    r.success = r.code == "00" || (r.code.empty() && !needsCode);
    r.unknown = r.code == "99";
    if (itf.inboundRules.moneyMoving) r.result = json::Text(body, "result");
    return r;
  }
  // 公众号: {"CODE":0,"MSG":"","DATA":{…}}.
  const json::Value* code = json::Find(body, "CODE");
  if (code == nullptr || !code->IsInt()) {
    wire("应答缺少 CODE，或 CODE 不是整数", "the reply's CODE is missing or not an integer");
  } else {
    r.success = code->GetInt() == 0;
  }
  if (const json::Value* d = json::Find(body, "DATA"); d != nullptr && !d->IsNull()) {
    if (d->IsObject()) r.data.CopyFrom(*d, alloc);
    else wire("应答 DATA 应为JSON对象", "the reply's DATA is not a JSON object");
  }
  // CODE -1 is both the failure and the unknown form; only the message tells them apart.
  r.unknown = !r.success && r.message.find("未知") != std::string::npos;
  return r;
}

bool Accepted(const Reading& r) { return r.success && (r.result.empty() || r.result == "succ"); }

Status CheckCatalog(const catalog::Catalog& c, const catalog::Interface& itf, const Reading& r) {
  Status st = c.ValidateResponse(itf, r.data, "data", r.success);
  if (!st.ok() && st.message.compare(0, 5, "data.") == 0) st.message.erase(0, 5);
  return st;
}

std::string Differences(const Reading& a, const Reading& b) {
  static const std::set<std::string, std::less<>> kMessages = {"ret_msg", "retMsg", "out_retMsg", "rtMsg", "MSG"};
  std::vector<std::string> items;
  if (a.code != b.code) items.push_back("code: " + (a.code.empty() ? "-" : a.code) + " → " + (b.code.empty() ? "-" : b.code));
  for (auto it = a.data.MemberBegin(); it != a.data.MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    if (kMessages.count(name)) continue;
    const json::Value* other = json::Find(b.data, name.c_str());
    if (other == nullptr) items.push_back(name + ": " + Shown(it->value) + " → (absent)");
    else if (*other != it->value) items.push_back(name + ": " + Shown(it->value) + " → " + Shown(*other));
  }
  for (auto it = b.data.MemberBegin(); it != b.data.MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    if (!kMessages.count(name) && json::Find(a.data, name.c_str()) == nullptr)
      items.push_back(name + ": (absent) → " + Shown(it->value));
  }
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < 3; ++i) out += (i ? "; " : "") + items[i];
  if (items.size() > 3) out += "; …";
  return out;
}

}  // namespace onetrans::check::detail
