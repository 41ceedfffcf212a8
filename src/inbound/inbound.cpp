#include "inbound/inbound.h"

#include <deque>
#include <map>
#include <mutex>

#include "core/outcome.h"
#include "crypto/crypto.h"
#include "inbound/profile.h"
#include "platform/qingyuan.h"

namespace onetrans::inbound {
namespace {

bool MovesMoney(const catalog::Interface& itf) { return itf.inboundRules.moneyMoving; }
bool Unknowable(const catalog::Interface& itf) { return itf.inboundRules.moneyMoving || itf.inboundRules.decidesMoney; }

// Validator messages name fields under "data."; the platform knows them by their own names.
std::string ForPlatform(std::string message) {
  if (message.compare(0, 5, "data.") == 0) message.erase(0, 5);
  return message;
}

std::string HandlerRequest(const std::string& route, const std::string& api, const std::string& requestId, const json::Value& data) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  json::WriteField(w, "platform", route);
  json::WriteField(w, "api", api);
  json::WriteField(w, "requestId", requestId);
  w.Key("data");
  data.Accept(w);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

// Who called, by requestId, for OneTrans_InboundSeal (it gets the handler request only, and a
// Qingyuan reply is signed with the caller's key). Bounded: the oldest are forgotten.
class RecentCallers {
 public:
  void Remember(const std::string& requestId, const std::string& platformId) {
    std::lock_guard<std::mutex> lock(mu_);
    if (order_.size() >= kMax) {
      byId_.erase(order_.front());
      order_.pop_front();
    }
    byId_[requestId] = platformId;
    order_.push_back(requestId);
  }
  std::string Find(const std::string& requestId) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = byId_.find(requestId);
    return it == byId_.end() ? std::string() : it->second;
  }

 private:
  static constexpr std::size_t kMax = 100000;
  mutable std::mutex mu_;
  std::map<std::string, std::string> byId_;
  std::deque<std::string> order_;
};

RecentCallers& Callers() {
  static auto* c = new RecentCallers;
  return *c;
}

// The journal identity of a money-moving call: its key, the fingerprint of its business fields
// and the hospital's id of it. False when a key field is missing.
bool Identify(const std::string& route, const catalog::Interface& itf, const json::Value& data, Call* call, std::string* missing) {
  std::vector<std::string> ids;
  for (const auto& name : itf.inboundRules.idempotencyKey) {
    std::string v = json::Text(data, name.c_str());
    if (v.empty()) {
      *missing = name;
      return false;
    }
    ids.push_back(v);
  }
  call->journalKey = JournalKey("in", route, itf.code, ids);
  call->fingerprint = crypto::Sm3Hex(json::Canonical(data));
  call->ref = itf.inboundRules.ref.empty() ? ids.front() : json::Text(data, itf.inboundRules.ref.c_str());
  return true;
}

Opened Refused(std::string reply, std::string why, int httpStatus = 200) {
  Opened o;
  o.refused = true;
  o.reply = std::move(reply);
  o.why = std::move(why);
  o.httpStatus = httpStatus;
  return o;
}

void Finish(const Runtime& rt, const Call& call, const char* state, const std::string& code, const std::string& body,
            const std::string& result) {
  if (call.journalId == 0) return;
  auto journal = rt.journal();
  if (!journal.ok() || journal.value == nullptr) return;
  JournalEntry e;
  e.id = call.journalId;
  e.state = state;
  e.returnCode = code;
  e.origin = "handler";
  e.answer = body;
  e.result = result;
  (void)journal.value->Finish(e);  // the answer goes to the platform even if this fails
}

// A settling query's final answer settles the open entries of the calls it is about.
void Settle(const Runtime& rt, const Call& call, const json::Value& requestData, const json::Value& answer) {
  const auto& s = call.itf->inboundRules.settles;
  if (s.apis.empty()) return;
  std::string final = json::Text(answer, s.field.c_str());
  std::string ref = json::Text(requestData, s.ref.c_str());
  if (ref.empty() || std::find(s.final.begin(), s.final.end(), final) == s.final.end()) return;
  auto journal = rt.journal();
  if (!journal.ok() || journal.value == nullptr) return;
  auto open = journal.value->List(true);
  if (!open.ok()) return;
  for (const auto& e : open.value) {
    if (e.direction != "in" || e.platform != call.route || e.ref != ref) continue;
    if (std::find(s.apis.begin(), s.apis.end(), e.api) == s.apis.end()) continue;
    (void)journal.value->Resolve(e.id, final, json::Serialize(answer), "由 " + call.api + " 确认：" + s.field + "=" + final);
    rt.log().Info("journal #" + std::to_string(e.id) + " inbound " + e.api + " " + ref + " resolved by " + call.api + ": " + final);
  }
}

Opened OpenChecked(const Runtime& rt, std::string_view path, std::string_view body) {
  std::string_view route = path.substr(0, path.find('/'));
  std::string_view suffix = route.size() < path.size() ? path.substr(route.size() + 1) : std::string_view();
  const Profile* profile = FindProfile(route);
  if (profile == nullptr) return Refused(R"({"error":"no such route"})", "未知的路由 " + json::Utf8Prefix(path, 40), 404);
  Refusal refusal;
  auto unwrapped = profile->Open(rt, suffix, body, &refusal);
  if (!unwrapped.ok()) return Refused(refusal.reply, refusal.why, refusal.httpStatus);
  Unwrapped& u = unwrapped.value;
  const catalog::Interface& itf = *u.ctx.itf;
  Status st = profile->catalog().Validate(itf, u.data);
  if (!st.ok()) return Refused(profile->Invalid(rt, u.ctx, ForPlatform(st.message)), st.message);

  Opened o;
  Call& call = o.call;
  call.route = profile->route();
  call.api = itf.code;
  call.itf = &itf;
  call.platformId = u.ctx.platformId;
  call.requestId = platform::qingyuan::NewPlatformSeqId();  // 14-digit time + 18 random: unique
  if (MovesMoney(itf)) {
    std::string missing;
    if (!Identify(call.route, itf, u.data, &call, &missing))
      return Refused(profile->Invalid(rt, u.ctx, missing + "：必填字段缺失"), missing + " missing");
    auto journal = rt.journal();
    if (!journal.ok() || journal.value == nullptr) {
      // Without the journal "at most once" cannot be kept: the HIS is not called.
      std::string why = journal.ok() ? "交易日志未启用（journal.enabled=false），资金类交易不能保证只处理一次"
                                     : "交易日志不可用：" + journal.status.message;
      rt.log().Warn("inbound " + call.api + ": " + why);
      return Refused(profile->Unknown(rt, u.ctx, why), why);
    }
    JournalEntry e;
    e.direction = "in";
    e.platform = call.route;
    e.api = call.api;
    e.key = call.journalKey;
    e.ref = call.ref;
    e.fingerprint = call.fingerprint;
    e.requestId = call.requestId;
    auto claim = journal.value->Claim(e);
    if (!claim.ok()) return Refused(profile->Unknown(rt, u.ctx, "交易日志写入失败"), claim.status.message);
    if (!claim.value.fresh) {
      const JournalEntry& first = claim.value.entry;
      if (first.fingerprint != call.fingerprint)
        return Refused(profile->Invalid(rt, u.ctx, "与首次请求（" + first.created + "）的业务字段不同：同一笔交易不能改变内容重复提交"),
                       "conflicting repeat");
      if (first.state == "done") {
        Opened replay = Refused(first.answer, "repeat answered from the journal");
        replay.answered = true;
        return replay;
      }
      if (first.state == "resolved") {
        json::Document answer;
        if (!json::Parse(first.answer, &answer).ok() || !answer.IsObject()) answer.SetObject();
        return Refused(profile->Settled(rt, u.ctx, first.finalStatus, answer), "repeat of a settled call");
      }
      return Refused(profile->Unknown(rt, u.ctx, "该笔交易已于 " + first.created + " 收到，仍在处理或结果未知，请稍后查询"),
                     "repeat while " + first.state);
    }
    call.journalId = claim.value.entry.id;
  }
  call.handlerRequest = HandlerRequest(call.route, call.api, call.requestId, u.data);
  if (!call.platformId.empty()) Callers().Remember(call.requestId, call.platformId);
  rt.log().Body("inbound " + call.route + " " + call.api + " request", call.handlerRequest);
  return o;
}

}  // namespace

Opened Open(const Runtime& rt, std::string_view path, std::string_view body) {
  try {
    Opened o = OpenChecked(rt, path, body);
    if (o.refused) rt.log().Info("inbound path=" + json::Utf8Prefix(path, 60) + " refused: " + json::Utf8Prefix(o.why, 200));
    return o;
  } catch (...) {
    return Refused(R"({"error":"internal error"})", "internal error", 500);
  }
}

std::string Seal(const Runtime& rt, const Call& call, const HandlerResult& result) {
  const Profile* profile = FindProfile(call.route);
  Context ctx{call.itf, call.platformId};
  if (profile == nullptr || call.itf == nullptr) return R"({"error":"internal error"})";
  // `why` goes to the platform; `detail` (what the handler's failure was) to the log only.
  auto failed = [&](const std::string& why, const std::string& detail = "") {
    bool unknown = Unknowable(*call.itf);
    std::string body = unknown ? profile->Unknown(rt, ctx, why) : profile->Failed(rt, ctx, why);
    Finish(rt, call, "unknown", "", body, why + (detail.empty() ? "" : "：" + detail));
    rt.log().Info("inbound " + call.route + " " + call.api + " requestId=" + call.requestId + (unknown ? " unknown: " : " failed: ") +
                  why + (detail.empty() ? "" : " (" + detail + ")"));
    return body;
  };
  try {
    if (!result.replied) return failed(result.timedOut ? "HIS 处理超时" : "HIS 处理失败", result.why);
    json::Document reply;
    json::Limits limits;
    limits.maxDepth = rt.config().abi.maxJsonDepth;
    Status st = json::Parse(result.reply, &reply, limits);
    if (!st.ok() || !reply.IsObject()) return failed("HIS 应答不是JSON对象");
    json::Value empty(rapidjson::kObjectType);
    const json::Value* data = json::Find(reply, "data");
    if (data == nullptr || data->IsNull()) data = &empty;
    if (!data->IsObject()) return failed("HIS 应答的 data 应为JSON对象");
    HandlerVerdict verdict = profile->Verdict(reply);
    st = profile->catalog().ValidateResponse(*call.itf, *data, "data", verdict.success);
    if (!st.ok()) return failed("HIS 应答不符合接口规范：" + ForPlatform(st.message));
    std::string body = profile->Answer(rt, ctx, verdict, *data);
    Finish(rt, call, "done", verdict.code, body, verdict.code + " " + verdict.message);
    if (verdict.success && !call.itf->inboundRules.settles.apis.empty()) {
      json::Document request;
      if (json::Parse(call.handlerRequest, &request).ok() && json::Find(request, "data") != nullptr)
        Settle(rt, call, request["data"], *data);
    }
    rt.log().Info("inbound " + call.route + " " + call.api + " requestId=" + call.requestId + " answered " +
                  (verdict.code.empty() ? "-" : verdict.code));
    rt.log().Body("inbound " + call.route + " " + call.api + " reply", result.reply);
    return body;
  } catch (...) {
    return failed("internal error");
  }
}

Result<Call> Recall(const Runtime& rt, std::string_view handlerRequest) {
  json::Document d;
  Status st = json::Parse(handlerRequest, &d);
  if (!st.ok() || !d.IsObject()) return Status::Fail(rc::kInvalidInput, "request：不是 OneTrans_InboundOpen 给出的处理请求");
  Call call;
  call.route = json::Text(d, "platform");
  call.api = json::Text(d, "api");
  call.requestId = json::Text(d, "requestId");
  const Profile* profile = FindProfile(call.route);
  call.itf = profile != nullptr ? profile->catalog().Find(call.api) : nullptr;
  const json::Value* data = json::Find(d, "data");
  if (call.itf == nullptr || !call.itf->inbound || call.requestId.empty() || data == nullptr || !data->IsObject())
    return Status::Fail(rc::kInvalidInput, "request：platform/api/requestId/data 不完整或未知");
  call.platformId = Callers().Find(call.requestId);
  if (call.platformId.empty() && call.route == "qingyuan") call.platformId = rt.config().qingyuan.platformId;
  call.handlerRequest = std::string(handlerRequest);
  if (MovesMoney(*call.itf)) {
    std::string missing;
    if (Identify(call.route, *call.itf, *data, &call, &missing)) {
      auto journal = rt.journal();
      if (journal.ok() && journal.value != nullptr) {
        auto e = journal.value->FindByKey(call.journalKey);
        // Only the entry this very request claimed is finished by its reply.
        if (e.ok() && e.value && e.value->requestId == call.requestId && e.value->state == "pending") call.journalId = e.value->id;
      }
    }
  }
  return call;
}

}  // namespace onetrans::inbound
