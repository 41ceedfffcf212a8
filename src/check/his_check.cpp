#include "check/his_check.h"

#include <algorithm>
#include <iterator>
#include <optional>

#include "caller/caller.h"
#include "caller/sample.h"
#include "catalog/catalog.h"
#include "check/reading.h"
#include "core/json.h"
#include "crypto/crypto.h"
#include "platform/mpay.h"
#include "transport/http.h"

namespace onetrans::check {
namespace {

using detail::Reading;

constexpr const char* kRoutes[] = {"qingyuan", "amp", "yzt", "mpay"};

const catalog::Catalog& CatalogOf(const std::string& route) {
  if (route == "qingyuan") return catalog::Qingyuan();
  if (route == "amp") return catalog::Amp();
  if (route == "yzt") return catalog::Yzt();
  return catalog::Mpay();
}

struct Api {
  std::string route;
  const catalog::Catalog* cat = nullptr;
  const catalog::Interface* itf = nullptr;
  catalog::Interface wire;  // as called: with the path suffix the INI may override ([gateway.paths])
};

// An API as his-check calls it: at the path suffix the INI may give it ([gateway.paths], ORG_009).
Api MakeApi(const Config& cfg, const std::string& route, const catalog::Interface& itf) {
  Api api{route, &CatalogOf(route), &itf, itf};
  if (auto p = cfg.gateway.paths.find(itf.code); p != cfg.gateway.paths.end()) api.wire.path = p->second;
  return api;
}

// The inbound API of that id, in whichever platform's catalog has it.
std::optional<std::pair<std::string, const catalog::Interface*>> FindInbound(const std::string& api) {
  for (const char* route : kRoutes)
    if (const catalog::Interface* itf = CatalogOf(route).Find(api); itf != nullptr && itf->inbound) return std::make_pair(route, itf);
  return std::nullopt;
}

// A request is checked as the gateway would see it: 公众号 keys trimmed first (PROTOCOL §9.1).
Status ValidRequest(const std::string& route, const catalog::Catalog& cat, const catalog::Interface& itf, const std::string& text) {
  json::Document d;
  Status st = json::Parse(text, &d);
  if (st.ok() && !d.IsObject()) st = Status::Fail(rc::kInvalidInput, "请求应为JSON对象");
  if (st.ok() && route == "mpay") st = platform::mpay::TrimKeys(&d, d.GetAllocator());
  return st.ok() ? cat.Validate(itf, d) : st;
}

bool InKey(const catalog::Interface& itf, const std::string& name) {
  const auto& key = itf.inboundRules.idempotencyKey;
  return std::find(key.begin(), key.end(), name) != key.end();
}

// An amount of money in the request: what a conflicting repeat changes first.
bool IsAmount(const catalog::FieldRule& f) {
  return f.type == catalog::Type::String && (f.format == "yuan" || f.format == "decimal" || f.desc.find("金额") != std::string::npos);
}

// The same text with its last letter or digit moved on by one (9 -> 0, Z -> A): same length,
// same characters classes, so the value keeps its format ("88.00" -> "88.01").
std::string Bumped(std::string s) {
  for (std::size_t i = s.size(); i-- > 0;) {
    char& c = s[i];
    if (c >= '0' && c <= '9') c = c == '9' ? '0' : static_cast<char>(c + 1);
    else if (c >= 'A' && c <= 'Z') c = c == 'Z' ? 'A' : static_cast<char>(c + 1);
    else if (c >= 'a' && c <= 'z') c = c == 'z' ? 'a' : static_cast<char>(c + 1);
    else continue;
    return s;
  }
  return s;
}

std::string Quote(const std::string& s) { return "\"" + json::Utf8Prefix(s, 40) + "\""; }

// "code 4000（报文错误…）" for messages: what the answer said.
std::string Said(const Reading& r) {
  std::string code = r.code.empty() ? "-" : r.code;
  return r.message.empty() ? code : code + "（" + json::Utf8Prefix(r.message, 80) + "）";
}
std::string SaidEn(const Reading& r) {
  std::string code = r.code.empty() ? "-" : r.code;
  return r.message.empty() ? code : code + " (" + json::Utf8Prefix(r.message, 80) + ")";
}

struct Sent {
  int caseNo = 0;
  std::string request;
  caller::Answer answer;
};

// What a probe sends, in both languages: its reasons begin with it.
struct What {
  std::string zh, en;
};

struct Expect {
  int http = 200;
  std::string code;
  bool signedRefusal = false;  // Qingyuan and 一帐通 sign their refusals too (PROTOCOL §9.7)
};

class Checker {
 public:
  Checker(const Config& cfg, const Options& opts) : cfg_(cfg), opts_(opts), creds_(caller::FromConfig(cfg)), http_(cfg.transport) {}

  void Run(const Api& api) {
    std::vector<Sent> sent;
    auto cases = opts_.cases.find(api.itf->code);
    if (cases != opts_.cases.end() && !cases->second.empty()) {
      for (std::size_t i = 0; i < cases->second.size(); ++i)
        sent.push_back(Sent{static_cast<int>(i) + 1, cases->second[i], {}});
    } else {
      sent.push_back(Sent{0, Fresh(api), {}});
    }
    for (Sent& s : sent) {
      s.answer = Send(api, s.request);
      ValidAnswer(api, s);
    }
    if (api.itf->inboundRules.moneyMoving) {
      RepeatSame(api, sent.front());
      RepeatChanged(api, sent.front());
      for (const Sent& s : sent) FailSettled(api, s);
    }
    Probes(api, sent.front());
  }

  void RouteWithoutToken(const std::string& route) {
    Finding f;
    f.api = route;
    f.route = route;
    f.check = Check::WrongToken;
    f.verdict = Verdict::Warn;
    f.reasonZh = "未配置 [gateway." + route + "] token：该路由只靠 allowFrom 限制来源，his-check 无法从本机验证";
    f.reasonEn = "no [gateway." + route + "] token configured: the route relies on allowFrom alone, which his-check cannot probe from here";
    findings_.push_back(std::move(f));
  }

  std::vector<Finding> Take() { return std::move(findings_); }

 private:
  caller::Answer Send(const Api& api, const std::string& data, const caller::Faults& faults = {}) {
    return caller::Call(http_, opts_.target, api.route, api.wire, data, creds_, faults);
  }
  Reading Read(const Api& api, const caller::Answer& a) const { return detail::Read(api.route, *api.itf, a, creds_); }

  // A valid request for the probes: the user's first case, else a fresh sample (fresh keys, so a
  // probe wrongly accepted is a movement of its own, not a repeat of another check's).
  std::string ProbeRequest(const Api& api, const Sent& first) const { return first.caseNo != 0 ? first.request : Fresh(api); }

  // A sample from the catalog; money-moving ones carry an amount, as the platforms' requests do.
  static std::string Fresh(const Api& api) {
    std::map<std::string, std::string> overrides;
    if (api.itf->inboundRules.moneyMoving) {
      for (const auto& f : api.itf->request) {
        if (IsAmount(f) && !InKey(*api.itf, f.name)) {
          overrides[f.name] = "88.00";
          break;
        }
      }
    }
    return caller::Sample(*api.cat, *api.itf, caller::Side::Request, overrides);
  }

  void Add(const Api& api, Check check, int caseNo, Verdict v, std::string zh, std::string en, const Reading* r) {
    Finding f;
    f.api = api.itf->code;
    f.route = api.route;
    f.check = check;
    f.caseNo = caseNo;
    f.verdict = v;
    f.reasonZh = std::move(zh);
    f.reasonEn = std::move(en);
    if (r != nullptr) {
      f.http = r->http;
      f.code = r->code;
    }
    findings_.push_back(std::move(f));
  }

  // 1. A valid request: the wire form, then the response catalog; a refusal is the HIS's right.
  void ValidAnswer(const Api& api, const Sent& s) {
    Reading r = Read(api, s.answer);
    Check check = Check::ValidRequest;
    if (!r.wireZh.empty()) {
      Add(api, check, s.caseNo, Verdict::Fail, "应答不符合平台报文规范：" + r.wireZh, "the answer breaks the platform's wire form: " + r.wireEn, &r);
      return;
    }
    Status st = detail::CheckCatalog(*api.cat, *api.itf, r);
    if (!st.ok()) {
      Add(api, check, s.caseNo, Verdict::Fail, "应答不符合接口规范：" + st.message,
          "the answer breaks the response catalog: " + EnglishOfCatalogMessage(st.message, ""), &r);
      return;
    }
    std::string result = r.result.empty() ? "" : "，result=" + r.result;
    std::string resultEn = r.result.empty() ? "" : ", result=" + r.result;
    if (r.unknown) {
      Add(api, check, s.caseNo, Verdict::Warn, "结果未知：" + Said(r) + result + "，平台将调用查询接口确认",
          "outcome unknown: " + SaidEn(r) + resultEn + "; the platform will query it", &r);
    } else if (!detail::Accepted(r)) {
      Add(api, check, s.caseNo, Verdict::Warn, "HIS 拒绝了有效请求：" + Said(r) + result,
          "the HIS refused a valid request: " + SaidEn(r) + resultEn, &r);
    } else {
      Add(api, check, s.caseNo, Verdict::Pass, "应答符合报文规范与接口目录：" + Said(r) + result,
          "wire form and response catalog OK: " + SaidEn(r) + resultEn, &r);
    }
  }

  // 2. A probe must get the platform's refusal form, never the success form.
  Finding Judge(const Api& api, Check check, const caller::Answer& a, const Expect& e, const What& what) {
    Reading r = Read(api, a);
    Finding f;
    f.api = api.itf->code;
    f.route = api.route;
    f.check = check;
    f.http = r.http;
    f.code = r.code;
    auto verdict = [&](Verdict v, const std::string& zh, const std::string& en) {
      f.verdict = v;
      f.reasonZh = what.zh + "：" + zh;
      f.reasonEn = what.en + ": " + en;
      return f;
    };
    if (!r.delivered) return verdict(Verdict::Fail, "无应答（" + a.transportError + "）", "no answer (" + a.transportError + ")");
    if (r.success && r.http == 200)
      return verdict(Verdict::Fail, "被当作有效请求受理，应答为成功形式 " + Said(r), "accepted: answered the success form " + SaidEn(r));
    std::string expectZh = e.http != 200 ? "HTTP " + std::to_string(e.http) : "HTTP 200 与 code " + e.code;
    std::string expectEn = e.http != 200 ? "HTTP " + std::to_string(e.http) : "HTTP 200 with code " + e.code;
    if (r.http != e.http)
      return verdict(Verdict::Fail, "应答 HTTP " + std::to_string(r.http) + "（code " + Said(r) + "），平台要求 " + expectZh,
                     "answered HTTP " + std::to_string(r.http) + " (code " + SaidEn(r) + "); the platform expects " + expectEn);
    if (e.http != 200) return verdict(Verdict::Pass, "已拒绝（HTTP " + std::to_string(r.http) + "）", "refused (HTTP " + std::to_string(r.http) + ")");
    if (r.code != e.code)
      return verdict(Verdict::Fail, "应答 code " + Said(r) + "，平台要求 " + e.code, "answered code " + SaidEn(r) + "; the platform expects " + e.code);
    if (e.signedRefusal && !r.signedOk)
      return verdict(Verdict::Fail, "拒绝应答未签名或签名不对，平台无法确认它来自医院", "the refusal is not signed (or wrongly): the platform cannot trust it");
    return verdict(Verdict::Pass, "已拒绝：" + Said(r), "refused: " + SaidEn(r));
  }

  // Two probes of one check (both directions of a skewed clock, a wrong and a missing token):
  // the first that fails, else one PASS for both, its reason saying so.
  void AddPair(Finding a, const What& aWhat, Finding b, const What& both) {
    if (a.verdict == Verdict::Pass && b.verdict == Verdict::Pass) {
      a.reasonZh = both.zh + a.reasonZh.substr(aWhat.zh.size());
      a.reasonEn = both.en + a.reasonEn.substr(aWhat.en.size());
      findings_.push_back(std::move(a));
    } else {
      findings_.push_back(a.verdict != Verdict::Pass ? std::move(a) : std::move(b));
    }
  }

  void Probes(const Api& api, const Sent& first) {
    const std::string& route = api.route;
    bool signedRoute = route == "qingyuan" || route == "yzt";
    const std::string refusal = route == "qingyuan" ? "4000" : route == "mpay" ? "-1" : "02";
    if (signedRoute) {
      caller::Faults f;
      f.badSignature = true;
      findings_.push_back(Judge(api, Check::BadSignature, Send(api, ProbeRequest(api, first), f), {200, refusal, true},
                                route == "qingyuan" ? What{"signData 被篡改的请求", "a request with a tampered signData"}
                                                    : What{"sign 被篡改的请求", "a request with a tampered sign"}));
    }
    if (route == "qingyuan") {
      caller::Faults enc;
      enc.badEncData = true;
      findings_.push_back(Judge(api, Check::BadEncData, Send(api, ProbeRequest(api, first), enc), {200, "4000", true},
                                {"encData 被篡改的请求", "a request with a tampered encData"}));
      // The very request of the valid call, signed anew, with its platformSeqId again.
      caller::Faults seq;
      seq.seqId = first.answer.seqId;
      findings_.push_back(Judge(api, Check::ReusedSeq, Send(api, first.request, seq), {200, "4008", true},
                                {"重复使用 platformSeqId 的请求", "a request reusing a platformSeqId"}));
      caller::Faults behind, ahead;
      behind.clockSkewS = -600;
      ahead.clockSkewS = 600;
      const What back{"时间早10分钟的请求", "a request dated 10 minutes back"};
      Finding b = Judge(api, Check::ClockSkew, Send(api, ProbeRequest(api, first), behind), {200, "4000", true}, back);
      Finding a = Judge(api, Check::ClockSkew, Send(api, ProbeRequest(api, first), ahead), {200, "4000", true},
                        {"时间晚10分钟的请求", "a request dated 10 minutes ahead"});
      AddPair(std::move(b), back, std::move(a), {"时间早或晚10分钟的请求", "requests dated 10 minutes back and ahead"});
    }
    MissingField(api, first, {200, refusal, signedRoute});
    if ((route == "amp" && !creds_.ampToken.empty()) || (route == "mpay" && !creds_.mpayToken.empty())) {
      caller::Faults wrong, none;
      wrong.token = "X" + crypto::RandomAlnum(15);  // never the configured one, and never printed
      none.noToken = true;
      const What wrongWhat{"X-OneTrans-Token 错误的请求", "a request with a wrong X-OneTrans-Token"};
      Finding w = Judge(api, Check::WrongToken, Send(api, ProbeRequest(api, first), wrong), {403, "", false}, wrongWhat);
      Finding n = Judge(api, Check::WrongToken, Send(api, ProbeRequest(api, first), none), {403, "", false},
                        {"没有 X-OneTrans-Token 的请求", "a request without X-OneTrans-Token"});
      AddPair(std::move(w), wrongWhat, std::move(n), {"token 错误或缺失的请求", "requests with a wrong or no token"});
    }
  }

  // The first required field left out (APIs without one, such as 用卡轨迹, have no such probe).
  void MissingField(const Api& api, const Sent& first, const Expect& e) {
    for (const auto& f : api.itf->request) {
      if (f.use != 'M' || f.allowEmpty) continue;
      json::Document d;
      if (!json::Parse(ProbeRequest(api, first), &d).ok() || !d.IsObject()) return;
      d.RemoveMember(f.name.c_str());
      findings_.push_back(Judge(api, Check::MissingField, Send(api, json::Serialize(d)), e,
                                {"缺少必填字段 " + f.name + " 的请求", "a request without the required field " + f.name}));
      return;
    }
  }

  // 3a. The same request again: the platform must get the same answer (never a second movement).
  void RepeatSame(const Api& api, const Sent& first) {
    Reading a = Read(api, first.answer);
    caller::Answer again = Send(api, first.request);
    Reading b = Read(api, again);
    Check check = Check::RepeatSame;
    if (!a.delivered || !b.delivered) {
      Add(api, check, first.caseNo, Verdict::Fail, "两次发送同一请求，" + std::string(!a.delivered ? "第一次" : "第二次") + "无应答",
          std::string("the same request sent twice: no answer to the ") + (!a.delivered ? "first" : "second"), &b);
      return;
    }
    std::string diff = detail::Differences(a, b);
    if (diff.empty()) {
      Add(api, check, first.caseNo, Verdict::Pass, "同一请求发送两次，两次应答一致：" + Said(b), "the same request sent twice, answered alike: " + SaidEn(b), &b);
    } else if (a.unknown && !b.unknown) {
      // Allowed: the outcome was settled between the two calls (a settling query, the HIS finishing).
      Add(api, check, first.caseNo, Verdict::Warn, "首次应答结果未知，重复请求得到确定结果（" + diff + "）：仅当其间已查询确认时才正确",
          "first answered unknown, the repeat answered definitely (" + diff + "): right only if settled in between", &b);
    } else {
      Add(api, check, first.caseNo, Verdict::Fail, "两次应答不一致（同一笔交易可能被处理了两次）：" + diff,
          "the two answers disagree (the movement may have been made twice): " + diff, &b);
    }
  }

  // 3b. The same key with a business field changed: not a new success, and (AMP) not `fail`,
  // which would make the platform reverse the first movement.
  void RepeatChanged(const Api& api, const Sent& first) {
    Check check = Check::RepeatChanged;
    json::Document d;
    if (!json::Parse(first.request, &d).ok() || !d.IsObject()) return;
    std::vector<const catalog::FieldRule*> candidates;
    for (const auto& f : api.itf->request)
      if (IsAmount(f) && !InKey(*api.itf, f.name)) candidates.push_back(&f);
    for (const auto& f : api.itf->request)
      if (f.use == 'M' && f.type == catalog::Type::String && f.values.empty() && f.enumDict.empty() && !InKey(*api.itf, f.name) &&
          !IsAmount(f))
        candidates.push_back(&f);
    for (const catalog::FieldRule* f : candidates) {
      auto it = d.FindMember(f->name.c_str());
      if (it == d.MemberEnd() || !it->value.IsString()) continue;
      std::string from = it->value.GetString(), to = Bumped(from);
      if (to == from) continue;
      it->value.SetString(to.c_str(), static_cast<rapidjson::SizeType>(to.size()), d.GetAllocator());
      std::string changed = json::Serialize(d);
      if (!ValidRequest(api.route, *api.cat, *api.itf, changed).ok()) {
        it->value.SetString(from.c_str(), static_cast<rapidjson::SizeType>(from.size()), d.GetAllocator());
        continue;
      }
      Reading a = Read(api, first.answer);
      Reading b = Read(api, Send(api, changed));
      std::string what = f->name + " " + Quote(from) + " → " + Quote(to);
      if (!b.delivered) {
        Add(api, check, first.caseNo, Verdict::Fail, "同一业务键、" + what + " 的请求无应答", "same key, " + what + ": no answer", &b);
      } else if (detail::Accepted(b) && b.http == 200 && detail::Differences(a, b).empty()) {
        Add(api, check, first.caseNo, Verdict::Fail, "同一业务键、" + what + "：仍以首次的成功应答作答，平台会以为改动已被受理",
            "same key, " + what + ": answered with the first success as if the change were accepted", &b);
      } else if (detail::Accepted(b) && b.http == 200) {
        Add(api, check, first.caseNo, Verdict::Fail, "同一业务键、" + what + "：被当作新交易成功受理 " + Said(b),
            "same key, " + what + ": accepted as a new success " + SaidEn(b), &b);
      } else if (b.result == "fail" && a.result != "fail") {
        Add(api, check, first.caseNo, Verdict::Fail, "同一业务键、" + what + "：应答 result=fail，平台会据此冲销首笔已成功的交易",
            "same key, " + what + ": answered result=fail, which makes the platform reverse the first movement", &b);
      } else {
        Add(api, check, first.caseNo, Verdict::Pass, "同一业务键、" + what + "：已拒绝 " + Said(b), "same key, " + what + ": refused " + SaidEn(b), &b);
      }
      return;
    }
    Add(api, check, first.caseNo, Verdict::Warn, "请求中没有可改动的业务字段，未检查", "no business field in the request to change: not checked", nullptr);
  }

  // 3c. Never "fail" for money that moved: a fail answer is checked against the settling query.
  void FailSettled(const Api& api, const Sent& s) {
    Reading r = Read(api, s.answer);
    if (!r.delivered || !r.wireZh.empty() || r.unknown || detail::Accepted(r)) return;
    // AMP: only result=fail makes the platform reverse (a ret_code without result refuses the
    // request itself); 一帐通 and 公众号: anything but success and the unknown form.
    if (api.route == "amp" && r.result != "fail") return;
    Check check = Check::FailSettled;
    const catalog::Interface* query = nullptr;
    for (const auto& [code, itf] : api.cat->interfaces()) {
      const auto& apis = itf.inboundRules.settles.apis;
      if (itf.inbound && std::find(apis.begin(), apis.end(), api.itf->code) != apis.end()) query = &itf;
    }
    if (query == nullptr) {
      Add(api, check, s.caseNo, Verdict::Warn, "应答失败 " + Said(r) + "，接口目录中没有可确认的查询接口：请人工确认资金确未变动",
          "answered fail " + SaidEn(r) + "; the catalog has no settling query: confirm by hand that no money moved", &r);
      return;
    }
    Api q = MakeApi(cfg_, api.route, *query);
    const auto& settles = query->inboundRules.settles;
    std::string ref = json::Text(ParsedOrEmpty(s.request), settles.ref.c_str());
    Reading answer = Read(q, Send(q, SettleRequest(q, s.request)));
    std::string asked = query->code + "（" + settles.ref + "=" + ref + "）";
    std::string askedEn = query->code + " (" + settles.ref + "=" + ref + ")";
    std::string status = json::Text(answer.data, settles.field.c_str());
    if (!answer.success || status.empty()) {
      Add(api, check, s.caseNo, Verdict::Warn, "应答失败，查询 " + asked + " 未给出结果：" + Said(answer),
          "answered fail; the settling query " + askedEn + " gave no outcome: " + SaidEn(answer), &answer);
    } else if (status == "succ") {  // succ: the movement is done, in both AMP's and 一帐通's dictionaries
      Add(api, check, s.caseNo, Verdict::Fail, "对已完成的资金交易应答了失败：" + Said(r) + "，而查询 " + asked + " 为 " + settles.field + "=succ",
          "answered fail for money that moved: " + SaidEn(r) + ", yet " + askedEn + " says " + settles.field + "=succ", &r);
    } else if (std::find(settles.final.begin(), settles.final.end(), status) != settles.final.end()) {
      Add(api, check, s.caseNo, Verdict::Pass, "应答失败，查询 " + asked + " 确认 " + settles.field + "=" + status,
          "answered fail, and " + askedEn + " agrees: " + settles.field + "=" + status, &r);
    } else {
      Add(api, check, s.caseNo, Verdict::Warn, "应答失败，查询 " + asked + " 仍未确定：" + settles.field + "=" + status,
          "answered fail; " + askedEn + " has not settled it: " + settles.field + "=" + status, &r);
    }
  }

  static json::Document ParsedOrEmpty(const std::string& text) {
    json::Document d;
    if (!json::Parse(text, &d).ok() || !d.IsObject()) d.SetObject();
    return d;
  }

  // The settling query for a movement: the fields it shares with the movement's request carried
  // over (org_trace_no, the certificate); if they do not fit its catalog, only its reference.
  static std::string SettleRequest(const Api& q, const std::string& movement) {
    json::Document m = ParsedOrEmpty(movement);
    std::map<std::string, std::string> carried, refOnly;
    for (const auto& f : q.itf->request)
      if (const json::Value* v = json::Find(m, f.name.c_str()))
        carried[f.name] = v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : json::Serialize(*v);
    const std::string& ref = q.itf->inboundRules.settles.ref;
    if (carried.count(ref)) refOnly[ref] = carried[ref];
    std::string request = caller::Sample(*q.cat, *q.itf, caller::Side::Request, carried);
    if (ValidRequest(q.route, *q.cat, *q.itf, request).ok()) return request;
    return caller::Sample(*q.cat, *q.itf, caller::Side::Request, refOnly);
  }

  const Config& cfg_;
  const Options& opts_;
  caller::Credentials creds_;
  transport::HttpClient http_;
  std::vector<Finding> findings_;
};

// What the INI must give for a route his-check signs or authenticates as the platform.
Status CheckCredentials(const std::string& route, const caller::Credentials& c) {
  if (route == "qingyuan" && (c.qingyuanPlatformId.empty() || c.qingyuanKey.size() < 16))
    return Status::Fail(rc::kInvalidInput,
                        "[qingyuan] platformId / key：未配置（his-check 以平台身份签名）/ not configured (his-check signs as the platform); "
                        "或用 --route 排除 qingyuan / or leave it out with --route");
  if (route == "yzt" && c.yztSecret.empty())
    return Status::Fail(rc::kInvalidInput,
                        "[gateway.yzt] secret：未配置（一帐通 MD5 签名密钥）/ not configured (the 一帐通 MD5 secret); "
                        "或用 --route 排除 yzt / or leave it out with --route");
  return Status::Ok();
}

void Scrub(const std::vector<std::string>& secrets, std::string* text) {
  for (const auto& s : secrets)
    for (auto at = text->find(s); at != std::string::npos; at = text->find(s, at)) text->replace(at, s.size(), "***");
}

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "PASS";
    case Verdict::Warn: return "WARN";
    case Verdict::Fail: return "FAIL";
  }
  return "";
}

const char* CheckName(Check c) {
  // In the order of the enum; the assertion keeps the two the same length.
  static constexpr const char* kNames[] = {"valid_request", "bad_signature",  "bad_encdata",    "reused_seq",  "clock_skew",
                                           "missing_field", "wrong_token",    "repeat_same",    "repeat_changed", "fail_settled"};
  static_assert(std::size(kNames) == static_cast<std::size_t>(Check::FailSettled) + 1, "a name for every check");
  return kNames[static_cast<std::size_t>(c)];
}

std::size_t Report::Count(Verdict v) const {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(), [v](const Finding& f) { return f.verdict == v; }));
}

Result<Cases> ParseCases(std::string_view text) {
  json::Document d;
  Status st = json::Parse(text, &d);
  if (!st.ok()) return Status::Fail(rc::kInvalidInput, "--cases：不是有效的JSON / not valid JSON: " + st.message);
  if (!d.IsObject()) return Status::Fail(rc::kInvalidInput, "--cases：应为 {\"ORG_003\": [{…}], …} / must be {\"ORG_003\": [{…}], …}");
  Cases cases;
  for (auto it = d.MemberBegin(); it != d.MemberEnd(); ++it) {
    std::string api(it->name.GetString(), it->name.GetStringLength());
    auto found = FindInbound(api);
    if (!found) return Status::Fail(rc::kInvalidInput, "--cases：" + api + " 不是医院提供的接口 / is not an inbound API");
    if (!it->value.IsArray() || it->value.Empty())
      return Status::Fail(rc::kInvalidInput, "--cases：" + api + " 应为请求数组 / must be a non-empty array of requests");
    for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
      std::string where = "--cases：" + api + " #" + std::to_string(i + 1);
      if (!it->value[i].IsObject()) return Status::Fail(rc::kInvalidInput, where + " 应为JSON对象 / must be a JSON object");
      std::string request = json::Serialize(it->value[i]);
      Status valid = ValidRequest(found->first, CatalogOf(found->first), *found->second, request);
      if (!valid.ok())
        return Status::Fail(rc::kInvalidInput, where + " 不符合请求规范 / breaks the request catalog: " + valid.message + " / " +
                                                   EnglishOfCatalogMessage(valid.message));
      cases[api].push_back(std::move(request));
    }
  }
  return cases;
}

Result<Report> Run(const Config& cfg, const Options& opts) {
  if (opts.target.rfind("http://", 0) != 0 && opts.target.rfind("https://", 0) != 0)
    return Status::Fail(rc::kInvalidInput, "--target：应为 http(s)://主机:端口 / must be an http(s):// base URL");
  if (!opts.route.empty() && std::find(std::begin(kRoutes), std::end(kRoutes), opts.route) == std::end(kRoutes))
    return Status::Fail(rc::kInvalidInput, "--route：应为 qingyuan、amp、yzt 或 mpay / must be qingyuan, amp, yzt or mpay");
  if (!opts.api.empty()) {
    auto found = FindInbound(opts.api);
    if (!found) return Status::Fail(rc::kInvalidInput, "--api：" + opts.api + " 不是医院提供的接口 / is not an inbound API");
    if (!opts.route.empty() && found->first != opts.route)
      return Status::Fail(rc::kInvalidInput, "--api " + opts.api + " 属于 / belongs to " + found->first + ", not --route " + opts.route);
  }
  caller::Credentials creds = caller::FromConfig(cfg);
  std::vector<Api> apis;
  for (const char* route : kRoutes) {
    if (!opts.route.empty() && opts.route != route) continue;
    const catalog::Catalog& cat = CatalogOf(route);
    bool any = false;
    for (const auto& [code, itf] : cat.interfaces()) {
      if (!itf.inbound || (!opts.api.empty() && opts.api != code)) continue;
      apis.push_back(MakeApi(cfg, route, itf));
      any = true;
    }
    if (!any) continue;
    Status st = CheckCredentials(route, creds);
    if (!st.ok()) return st;
  }

  Report report;
  report.target = opts.target;
  report.apis = apis.size();
  Checker checker(cfg, opts);
  for (const char* route : kRoutes) {
    bool selected = std::any_of(apis.begin(), apis.end(), [&](const Api& a) { return a.route == route; });
    if (selected && ((std::string(route) == "amp" && creds.ampToken.empty()) || (std::string(route) == "mpay" && creds.mpayToken.empty())))
      checker.RouteWithoutToken(route);
  }
  for (const Api& api : apis) checker.Run(api);
  report.findings = checker.Take();
  // Nothing his-check prints may carry a key or token, whatever an endpoint echoed back.
  std::vector<std::string> secrets = cfg.Secrets();
  for (Finding& f : report.findings) {
    Scrub(secrets, &f.reasonZh);
    Scrub(secrets, &f.reasonEn);
    Scrub(secrets, &f.code);
  }
  return report;
}

}  // namespace onetrans::check
