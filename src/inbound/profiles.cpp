// The four inbound profiles (PROTOCOL.md §9.1, §9.7). Their wire rules — the Qingyuan envelope,
// the 一帐通 MD5 signature, the 公众号 key trimming — are platform/'s, shared with the outbound
// side, the sandbox and his-check.
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <optional>
#include <set>

#include "core/clock.h"
#include "core/outcome.h"
#include "inbound/profile.h"
#include "platform/mpay.h"
#include "platform/qingyuan.h"
#include "platform/yzt.h"

namespace onetrans::inbound {
namespace {

// A message the gateway writes itself, cut to the length the API's response catalog allows that
// field (一帐通 retMsg: 32 characters): every answer must be one the platform accepts.
std::string Fit(const Context& ctx, const char* field, const std::string& why) {
  if (ctx.itf == nullptr) return why;
  for (const auto& f : ctx.itf->response)
    if (f.name == field && f.maxLen > 1 && json::Utf8Length(why) > f.maxLen) return json::Utf8Prefix(why, f.maxLen - 1);  // its "…" is the last character
  return why;
}

json::Limits RequestLimits(const Runtime& rt) {
  json::Limits l;
  l.maxDepth = rt.config().abi.maxJsonDepth;
  l.rejectNul = true;
  return l;
}

// A text member of the handler's reply (a number given as a number, as its text).
std::string TextOf(const json::Value& reply, const char* name) { return json::Text(reply, name); }

std::string Flat(std::initializer_list<std::pair<const char*, std::string>> fields) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto& [k, v] : fields) json::WriteField(w, k, v);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

// ---------------------------------------------------------------------------------------------
// 清远: the §4 envelope both ways, signed and encrypted with the caller's access key.
class QingyuanProfile final : public Profile {
 public:
  const char* route() const override { return "qingyuan"; }
  const catalog::Catalog& catalog() const override { return catalog::Qingyuan(); }

  Result<Unwrapped> Open(const Runtime& rt, std::string_view suffix, std::string_view body, Refusal* refusal) const override {
    const QingyuanConfig& q = rt.config().qingyuan;
    auto refuse = [&](const std::string& key, const char* rtCode, const std::string& why) -> Status {
      refusal->why = why;
      refusal->reply = Envelope(key, rtCode, why, nullptr);
      return Status::Fail(rc::kInvalidInput, why);
    };
    if (!suffix.empty()) return refuse(q.key, "4000", "报文错误：清远平台的请求地址为 /qingyuan");
    json::Document peek;
    json::Limits peekLimits = RequestLimits(rt);
    // The envelope's own fields only: encData (megabytes of hex) is left to OpenRequest, which
    // decodes it once; reading it here too doubled the cost of opening a large request.
    peekLimits.bulkMember = "encData";
    peekLimits.onBulk = [](std::string_view) { return true; };
    if (!json::Parse(body, &peek, peekLimits).ok() || !peek.IsObject())
      return refuse(q.key, "4000", "报文错误：报文结构不是JSON对象");
    std::string platformId = json::Text(peek, "platformId");
    std::string key = KeyOf(rt, platformId);
    if (key.empty()) return refuse(q.key, "4104", "无效平台方：platformId \"" + json::Utf8Prefix(platformId, 24) + "\" 未配置");
    for (const char* f : {"encType", "signType", "platformSeqId", "platformTransDate", "platformTransTime", "transCode", "version",
                          "signData"})
      if (json::Text(peek, f).empty()) return refuse(key, "4000", std::string("报文错误：缺少公共字段 ") + f);
    if (json::Text(peek, "encType") != "SM4" || json::Text(peek, "signType") != "SM3")
      return refuse(key, "4000", "报文错误：encType 应为 SM4，signType 应为 SM3");
    platform::qingyuan::Incoming in;
    Status st = platform::qingyuan::OpenRequest(body, key, &in);
    if (!st.ok())
      return refuse(key, "4000", st.code == rc::kDecrypt ? "报文错误：encData 解密失败" : "报文错误：签名验证失败");
    if (!platform::qingyuan::IsValidPlatformSeqId(in.platformSeqId))
      return refuse(key, "4000", "报文错误：platformSeqId 应为8至40位数字或字母");
    long long declared = clock::Parse(in.platformTransDate + in.platformTransTime, "%Y%m%d%H%M%S");
    long long skew = declared < 0 ? -1 : std::llabs(static_cast<long long>(std::time(nullptr)) - declared);
    if (in.platformTransDate.size() != 8 || in.platformTransTime.size() != 6 || skew < 0 || skew > rt.config().gateway.maxSkewS)
      return refuse(key, "4000", "报文错误：platformTransDate/platformTransTime 与当前时间相差超过 " +
                                     std::to_string(rt.config().gateway.maxSkewS) + " 秒");
    const catalog::Interface* itf = catalog::Qingyuan().Find(in.transCode);
    if (itf == nullptr || !itf->inbound)
      return refuse(key, "4000", "报文错误：医院不提供交易 " + json::Utf8Prefix(in.transCode, 16));
    // After the signature: a forger cannot use up another platform's sequence numbers.
    auto first = FirstSight(rt, "qingyuan|" + platformId, in.platformSeqId);
    if (!first.ok()) return refuse(key, "9999", "未知错误：" + first.status.message);
    if (!first.value) return refuse(key, "4008", "域已存在：请求流水号 platformSeqId 重复了");
    if (!in.opened.plaintext) return refuse(key, "4000", "报文错误：缺少 encData");
    Unwrapped u;
    u.ctx.itf = itf;
    u.ctx.platformId = platformId;
    if (!json::Parse(*in.opened.plaintext, &u.data, RequestLimits(rt)).ok() || !u.data.IsObject())
      return refuse(key, "4000", "报文错误：encData 解密后不是JSON对象");
    return u;
  }

  std::string Invalid(const Runtime& rt, const Context& ctx, const std::string& why) const override {
    return Envelope(KeyOf(rt, ctx.platformId), "4000", "报文错误：" + why, nullptr);
  }
  std::string Unknown(const Runtime& rt, const Context& ctx, const std::string& why) const override {
    return Envelope(KeyOf(rt, ctx.platformId), "9999", "未知错误：" + why, nullptr);
  }
  std::string Failed(const Runtime& rt, const Context& ctx, const std::string& why) const override {
    return Envelope(KeyOf(rt, ctx.platformId), "9999", "未知错误：" + why, nullptr);
  }

  HandlerVerdict Verdict(const json::Value& reply) const override {
    HandlerVerdict v;
    v.code = TextOf(reply, "code");
    v.message = TextOf(reply, "message");
    if (v.code.empty() || v.code == "0") v.code = "0000";
    v.success = v.code == "0000";
    if (v.message.empty()) v.message = v.success ? "交易成功" : catalog::Qingyuan().RtMessage(v.code);
    return v;
  }

  std::string Answer(const Runtime& rt, const Context& ctx, const HandlerVerdict& v, const json::Value& data) const override {
    std::string plain = json::Serialize(data);
    return Envelope(KeyOf(rt, ctx.platformId), v.code, v.message, &plain);
  }

  static std::string KeyOf(const Runtime& rt, const std::string& platformId) {
    const QingyuanConfig& q = rt.config().qingyuan;
    auto it = q.platforms.find(platformId);
    if (it != q.platforms.end()) return it->second;
    return !platformId.empty() && platformId == q.platformId ? q.key : std::string();
  }

 private:
  // Replies carry the six §9.1 fields only; a refusal without a key to sign with goes unsigned.
  static std::string Envelope(const std::string& key, const std::string& rtCode, const std::string& rtMsg, const std::string* plain) {
    platform::qingyuan::Reply r{rtCode, rtMsg, plain != nullptr ? std::optional<std::string>(*plain) : std::nullopt};
    if (key.size() >= 16) return platform::qingyuan::BuildReplyBody(r, key);
    return Flat({{"encType", "SM4"}, {"rtCode", rtCode}, {"rtMsg", rtMsg}, {"signType", "SM3"}});
  }

  static Result<bool> FirstSight(const Runtime& rt, const std::string& scope, const std::string& seq) {
    // Kept two days: the platforms' window is 5 minutes, the promise at least 24 hours.
    constexpr long long kKeepSeconds = 2 * 86400;
    auto journal = rt.journal();
    if (!journal.ok()) return journal.status;
    if (journal.value != nullptr) return journal.value->FirstSight(scope, seq, kKeepSeconds);
    return MemorySight(scope + "|" + seq);
  }

  // journal.enabled=false: remembered by this process only (documented).
  static bool MemorySight(const std::string& id);
};

bool QingyuanProfile::MemorySight(const std::string& id) {
  static std::mutex mu;
  static auto* seen = new std::set<std::string>;
  std::lock_guard<std::mutex> lock(mu);
  if (seen->size() > 1000000) seen->clear();
  return seen->insert(id).second;
}

// ---------------------------------------------------------------------------------------------
// 区域医保支付门户 ORG_0xx: flat JSON both ways, codes inside the data (ret_code).
class AmpProfile final : public Profile {
 public:
  const char* route() const override { return "amp"; }
  const catalog::Catalog& catalog() const override { return catalog::Amp(); }

  Result<Unwrapped> Open(const Runtime& rt, std::string_view suffix, std::string_view body, Refusal* refusal) const override {
    const catalog::Interface* itf = nullptr;
    for (const auto& [api, path] : rt.config().gateway.paths)
      if (path == suffix) itf = catalog::Amp().Find(api);
    if (itf == nullptr) itf = catalog::Amp().FindByPath(suffix, true);
    if (itf == nullptr || !itf->inbound) {
      refusal->httpStatus = 404;
      refusal->why = "未知的接口 /amp/" + json::Utf8Prefix(suffix, 40);
      refusal->reply = Flat({{"ret_code", "01"}, {"ret_msg", refusal->why}});
      return Status::Fail(rc::kInvalidInput, refusal->why);
    }
    Unwrapped u;
    u.ctx.itf = itf;
    Status st = json::Parse(body, &u.data, RequestLimits(rt));
    if (st.ok() && !u.data.IsObject()) st = Status::Fail(rc::kInvalidInput, "请求应为JSON对象");
    if (!st.ok()) {
      refusal->why = st.message;
      refusal->reply = Flat({{"ret_code", "02"}, {"ret_msg", st.message}});
      return st;
    }
    return u;
  }

  std::string Invalid(const Runtime&, const Context& ctx, const std::string& why) const override {
    return Flat({{"ret_code", "02"}, {"ret_msg", Fit(ctx, "ret_msg", why)}});
  }
  // ret_code 99 with result exp: the seed's "未知" — only result fail starts the platform's reversal.
  std::string Unknown(const Runtime&, const Context& ctx, const std::string& why) const override {
    return Flat({{"ret_code", "99"}, {"ret_msg", Fit(ctx, "ret_msg", why)}, {"result", "exp"}});
  }
  std::string Failed(const Runtime&, const Context& ctx, const std::string& why) const override {
    return Flat({{"ret_code", "01"}, {"ret_msg", Fit(ctx, "ret_msg", why)}});
  }

  HandlerVerdict Verdict(const json::Value& reply) const override {
    HandlerVerdict v;
    const json::Value* data = json::Find(reply, "data");
    v.code = data != nullptr ? json::Text(*data, "ret_code") : "";
    v.message = data != nullptr ? json::Text(*data, "ret_msg") : "";
    // ORG_008 has no ret_code: a reply without one is an answer.
    v.success = v.code == "00" || (v.code.empty() && data != nullptr && json::Find(*data, "ret_code") == nullptr);
    return v;
  }

  std::string Answer(const Runtime&, const Context&, const HandlerVerdict&, const json::Value& data) const override {
    return json::Serialize(data);
  }

  // ORG_004 told the outcome: the repeat gets it, with what ORG_004 said that ORG_003 answers too.
  std::string Settled(const Runtime&, const Context& ctx, const std::string& final, const json::Value& queryData) const override {
    json::Document out(rapidjson::kObjectType);
    auto& a = out.GetAllocator();
    out.AddMember("ret_code", "00", a);
    out.AddMember("ret_msg", json::Str("已由查询确认：" + final, a), a);
    out.AddMember("result", json::Str(final, a), a);
    for (const auto& f : ctx.itf->response) {
      if (f.name == "ret_code" || f.name == "ret_msg" || f.name == "result") continue;
      if (const json::Value* v = json::Find(queryData, f.name.c_str())) out.AddMember(json::Str(f.name, a), json::Value(*v, a), a);
    }
    return json::Serialize(out);
  }
};

// ---------------------------------------------------------------------------------------------
// 一帐通: flat JSON with an MD5 `sign` both ways; `method` names the function.
class YztProfile final : public Profile {
 public:
  const char* route() const override { return "yzt"; }
  const catalog::Catalog& catalog() const override { return catalog::Yzt(); }

  Result<Unwrapped> Open(const Runtime& rt, std::string_view suffix, std::string_view body, Refusal* refusal) const override {
    const std::string& secret = Secret(rt);
    auto refuse = [&](const std::string& why) -> Status {
      refusal->why = why;
      refusal->reply = Signed(rt, {{"retCode", "02"}, {"retMsg", why}});
      return Status::Fail(rc::kInvalidInput, why);
    };
    if (!suffix.empty()) return refuse("一帐通的请求地址为 /yzt");
    json::Document d;
    Status st = json::Parse(body, &d, RequestLimits(rt));
    if (!st.ok() || !d.IsObject()) return refuse("报文不是JSON对象");
    // A bad or missing sign is 02 "签名错误", and nothing reaches the HIS (PROTOCOL §9.1).
    if (!platform::yzt::Verify(body, secret).ok()) return refuse("签名错误");
    std::string method = json::Text(d, "method");
    const catalog::Interface* itf = catalog::Yzt().Find(method);
    if (itf == nullptr || !itf->inbound) return refuse("method（函数名）：医院不提供 \"" + json::Utf8Prefix(method, 40) + "\"");
    Unwrapped u;
    u.ctx.itf = itf;
    u.data.SetObject();
    for (auto it = d.MemberBegin(); it != d.MemberEnd(); ++it) {
      std::string_view name(it->name.GetString(), it->name.GetStringLength());
      if (name == "sign" || name == "method") continue;  // envelope, not business data
      u.data.AddMember(json::Value(it->name, u.data.GetAllocator()), json::Value(it->value, u.data.GetAllocator()),
                       u.data.GetAllocator());
    }
    return u;
  }

  std::string Invalid(const Runtime& rt, const Context& ctx, const std::string& why) const override {
    return Signed(rt, {{"retCode", "02"}, {MessageKey(ctx), Fit(ctx, MessageKey(ctx), why)}});
  }
  std::string Unknown(const Runtime& rt, const Context& ctx, const std::string& why) const override {
    return Signed(rt, {{"retCode", "99"}, {MessageKey(ctx), Fit(ctx, MessageKey(ctx), why)}});
  }
  std::string Failed(const Runtime& rt, const Context& ctx, const std::string& why) const override { return Unknown(rt, ctx, why); }

  HandlerVerdict Verdict(const json::Value& reply) const override {
    HandlerVerdict v;
    const json::Value* data = json::Find(reply, "data");
    v.code = data != nullptr ? json::Text(*data, "retCode") : "";
    // 用卡轨迹 and 费用清单 have no retCode in the seed: absent means success (PROTOCOL §9.7).
    v.success = v.code.empty() || v.code == "00";
    return v;
  }

  std::string Answer(const Runtime& rt, const Context& ctx, const HandlerVerdict&, const json::Value& data) const override {
    json::Document out;
    out.CopyFrom(data, out.GetAllocator());
    // op_query_card_list spells its message out_retMsg; the HIS may answer retMsg.
    if (MessageKey(ctx) == std::string("out_retMsg")) {
      auto it = out.FindMember("retMsg");
      if (it != out.MemberEnd() && !out.HasMember("out_retMsg")) it->name.SetString("out_retMsg", out.GetAllocator());
    }
    return platform::yzt::Seal(out, Secret(rt));
  }

 private:
  static const std::string& Secret(const Runtime& rt) {
    static const std::string none;
    auto it = rt.config().gateway.routes.find("yzt");
    return it == rt.config().gateway.routes.end() ? none : it->second.secret;
  }
  static const char* MessageKey(const Context& ctx) {
    if (ctx.itf != nullptr)
      for (const auto& f : ctx.itf->response)
        if (f.name == "out_retMsg") return "out_retMsg";
    return "retMsg";
  }
  static std::string Signed(const Runtime& rt, std::initializer_list<std::pair<const char*, std::string>> fields) {
    json::Document d;
    if (!json::Parse(Flat(fields), &d).ok()) return "{}";
    return platform::yzt::Seal(d, Secret(rt));
  }
};

// ---------------------------------------------------------------------------------------------
// 医保移动支付 公众号: P_JSON in, {"CODE","MSG","DATA"} out.
class MpayProfile final : public Profile {
 public:
  const char* route() const override { return "mpay"; }
  const catalog::Catalog& catalog() const override { return catalog::Mpay(); }

  Result<Unwrapped> Open(const Runtime& rt, std::string_view suffix, std::string_view body, Refusal* refusal) const override {
    const catalog::Interface* itf = catalog::Mpay().FindByPath(suffix, true);
    auto refuse = [&](const std::string& why, int http) -> Status {
      refusal->why = why;
      refusal->httpStatus = http;
      refusal->reply = platform::mpay::Reply(-1, why, nullptr);
      return Status::Fail(rc::kInvalidInput, why);
    };
    if (itf == nullptr) return refuse("未知的接口 /mpay/" + json::Utf8Prefix(suffix, 40), 404);
    Unwrapped u;
    u.ctx.itf = itf;
    Status st = json::Parse(body, &u.data, RequestLimits(rt));
    if (st.ok() && !u.data.IsObject()) st = Status::Fail(rc::kInvalidInput, "请求应为JSON对象（P_JSON）");
    if (st.ok()) st = platform::mpay::TrimKeys(&u.data, u.data.GetAllocator());
    if (!st.ok()) return refuse(st.message, 200);
    return u;
  }

  std::string Invalid(const Runtime&, const Context&, const std::string& why) const override {
    return platform::mpay::Reply(-1, why, nullptr);
  }
  std::string Unknown(const Runtime&, const Context&, const std::string& why) const override {
    return platform::mpay::Reply(-1, "结算结果未知（" + why + "），请查询 HIS 结算状态后再处理，勿重复结算", nullptr);
  }
  std::string Failed(const Runtime&, const Context&, const std::string& why) const override {
    return platform::mpay::Reply(-1, why, nullptr);
  }

  HandlerVerdict Verdict(const json::Value& reply) const override {
    HandlerVerdict v;
    v.code = TextOf(reply, "code");
    if (v.code.empty()) v.code = "0";
    v.message = TextOf(reply, "message");
    v.success = v.code == "0";
    return v;
  }

  std::string Answer(const Runtime&, const Context&, const HandlerVerdict& v, const json::Value& data) const override {
    int code = std::atoi(v.code.c_str());
    if (!v.success && code == 0) code = -1;  // a non-numeric failure code must not read as success
    return platform::mpay::Reply(code, v.message, v.success || data.MemberCount() > 0 ? &data : nullptr);
  }
};

}  // namespace

const Profile* FindProfile(std::string_view route) {
  static const QingyuanProfile qingyuan;
  static const AmpProfile amp;
  static const YztProfile yzt;
  static const MpayProfile mpay;
  if (route == "qingyuan") return &qingyuan;
  if (route == "amp") return &amp;
  if (route == "yzt") return &yzt;
  if (route == "mpay") return &mpay;
  return nullptr;
}

}  // namespace onetrans::inbound
