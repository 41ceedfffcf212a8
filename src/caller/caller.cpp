#include "caller/caller.h"

#include <ctime>

#include "core/clock.h"
#include "core/json.h"
#include "platform/qingyuan.h"
#include "platform/yzt.h"

namespace onetrans::caller {
namespace {

// Alters the first hex digits of a field's value in a body: the signature or ciphertext no
// longer matches, everything else is as sent.
void Damage(std::string* body, const std::string& field) {
  std::string marker = "\"" + field + "\":\"";
  auto at = body->find(marker);
  if (at == std::string::npos) return;
  at += marker.size();
  for (std::size_t i = at; i < at + 4 && i < body->size() && (*body)[i] != '"'; ++i) (*body)[i] = (*body)[i] == '0' ? '1' : '0';
}

std::string Compact(const std::string& json) {
  json::Document d;
  if (!json::Parse(json, &d).ok()) return json;
  return json::Serialize(d);
}

Answer Post(transport::HttpClient& http, const std::string& url, const std::string& body, std::vector<std::string> headers) {
  Answer a;
  transport::Failure f;
  transport::PostOptions opts;
  opts.headers = std::move(headers);
  opts.anyStatus = true;
  opts.freshConnection = true;  // probes repeat requests on purpose: never let libcurl add one
  auto r = http.PostJson(url, body, &f, opts);
  if (!r.ok()) {
    a.transportError = r.status.message;
    return a;
  }
  a.delivered = true;
  a.http = static_cast<int>(r.value.httpStatus);
  a.raw = std::move(r.value.body);
  return a;
}

}  // namespace

Credentials FromConfig(const Config& cfg) {
  Credentials c;
  c.qingyuanPlatformId = cfg.qingyuan.platformId;
  c.qingyuanKey = cfg.qingyuan.key;
  auto route = [&](const char* name) -> const RouteConfig* {
    auto it = cfg.gateway.routes.find(name);
    return it == cfg.gateway.routes.end() ? nullptr : &it->second;
  };
  if (const RouteConfig* r = route("yzt")) c.yztSecret = r->secret;
  if (const RouteConfig* r = route("amp")) c.ampToken = r->token;
  if (const RouteConfig* r = route("mpay")) c.mpayToken = r->token;
  return c;
}

std::string PathOf(const std::string& route, const catalog::Interface& itf) {
  if (route == "amp" || route == "mpay") return "/" + route + "/" + itf.path;
  return "/" + route;
}

Answer Call(transport::HttpClient& http, const std::string& base, const std::string& route, const catalog::Interface& itf,
            const std::string& data, const Credentials& creds, const Faults& faults) {
  std::string url = base;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += PathOf(route, itf);
  Answer a;
  if (route == "qingyuan") {
    platform::qingyuan::Request r;
    r.transCode = itf.code;
    r.platformId = creds.qingyuanPlatformId;
    r.platformSeqId = faults.seqId.empty() ? platform::qingyuan::NewPlatformSeqId() : faults.seqId;
    std::time_t when = std::time(nullptr) + faults.clockSkewS;
    r.platformTransDate = clock::Format("%Y%m%d", when);
    r.platformTransTime = clock::Format("%H%M%S", when);
    r.plaintext = Compact(data);
    auto body = platform::qingyuan::BuildRequestBody(r, creds.qingyuanKey);
    if (!body.ok()) {
      a.transportError = body.status.message;
      return a;
    }
    if (faults.badSignature) Damage(&body.value, "signData");
    if (faults.badEncData) Damage(&body.value, "encData");
    a = Post(http, url, body.value, {});
    a.seqId = r.platformSeqId;
    if (!a.delivered) return a;
    auto reply = platform::qingyuan::OpenReply(a.raw, creds.qingyuanKey);
    a.verified = reply.ok();
    if (reply.ok()) {
      a.code = reply.value.rtCode;
      a.message = reply.value.rtMsg;
      a.data = reply.value.plaintext.value_or("");
    } else {
      json::Document d;
      if (json::Parse(a.raw, &d).ok()) {
        a.code = json::Text(d, "rtCode");
        a.message = json::Text(d, "rtMsg");
      }
    }
    return a;
  }
  if (route == "yzt") {
    json::Document fields;
    if (!json::Parse(data, &fields).ok() || !fields.IsObject()) fields.SetObject();
    json::Document body(rapidjson::kObjectType);
    body.AddMember("method", json::Str(itf.code, body.GetAllocator()), body.GetAllocator());
    for (auto it = fields.MemberBegin(); it != fields.MemberEnd(); ++it)
      body.AddMember(json::Value(it->name, body.GetAllocator()), json::Value(it->value, body.GetAllocator()), body.GetAllocator());
    std::string text = platform::yzt::Seal(body, creds.yztSecret);
    if (faults.badSignature) Damage(&text, "sign");
    a = Post(http, url, text, {});
    if (!a.delivered) return a;
    a.verified = platform::yzt::Verify(a.raw, creds.yztSecret).ok();
    json::Document d;
    if (json::Parse(a.raw, &d).ok() && d.IsObject()) {
      a.code = json::Text(d, "retCode");
      a.message = json::Text(d, "retMsg");
      if (a.message.empty()) a.message = json::Text(d, "out_retMsg");
      d.RemoveMember("sign");
      a.data = json::Serialize(d);
    }
    return a;
  }
  std::vector<std::string> headers;
  const std::string& token = faults.token.empty() ? (route == "amp" ? creds.ampToken : creds.mpayToken) : faults.token;
  if (!faults.noToken && !token.empty()) headers.push_back("X-OneTrans-Token: " + token);
  a = Post(http, url, data, headers);
  a.verified = true;
  if (!a.delivered) return a;
  json::Document d;
  if (!json::Parse(a.raw, &d).ok() || !d.IsObject()) return a;
  if (route == "amp") {
    a.code = json::Text(d, "ret_code");
    a.message = json::Text(d, "ret_msg");
    a.data = a.raw;
  } else {
    a.code = json::Text(d, "CODE");
    a.message = json::Text(d, "MSG");
    if (const json::Value* v = json::Find(d, "DATA")) a.data = json::Serialize(*v);
  }
  return a;
}

bool Succeeded(const std::string& route, const Answer& a) {
  if (!a.delivered || a.http != 200 || !a.verified) return false;
  if (route == "qingyuan") return a.code == "0000";
  if (route == "amp") return a.code == "00" || (a.code.empty() && !a.data.empty() && a.data.find("\"ret_code\"") == std::string::npos);
  if (route == "yzt") return a.code == "00" || a.code.empty();
  return a.code == "0";
}

}  // namespace onetrans::caller
