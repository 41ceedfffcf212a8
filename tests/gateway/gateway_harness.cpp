#include "gateway/gateway_harness.h"

#include <rapidjson/document.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "catalog/catalog.h"
#include "crypto/crypto.h"
#include "gateway/fixtures.h"
#include "support/platform_client.h"

namespace onetrans::test {
namespace {

std::string ApiOf(const std::string& request) {
  auto at = request.find("\"api\":\"");
  if (at == std::string::npos) return "";
  return request.substr(at + 7, request.find('"', at + 7) - at - 7);
}

const catalog::Interface* Find(const std::string& api) {
  for (const catalog::Catalog* c : catalog::All())
    if (const catalog::Interface* itf = c->Find(api); itf != nullptr && itf->inbound) return itf;
  return nullptr;
}

std::string PlatformOf(const std::string& api) {
  for (const catalog::Catalog* c : catalog::All())
    if (const catalog::Interface* itf = c->Find(api); itf != nullptr && itf->inbound) return c->platform();
  return "";
}

}  // namespace

TestHis& TestHis::Get() {
  static TestHis his;
  return his;
}

void TestHis::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.clear();
  modes_.clear();
  last_.clear();
}

void TestHis::Set(const std::string& api, HisMode mode) {
  std::lock_guard<std::mutex> lock(mu_);
  modes_[api] = mode;
}

int TestHis::calls(const std::string& api) {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_[api];
}

std::string TestHis::lastRequest(const std::string& api) {
  std::lock_guard<std::mutex> lock(mu_);
  return last_[api];
}

std::string TestHis::Answer(const std::string& request) {
  std::string api = ApiOf(request);
  HisMode mode;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_[api];
    last_[api] = request;
    mode = modes_.count(api) ? modes_[api] : HisMode::Normal;
  }
  const auto& all = InboundFixtures();
  auto it = all.find(api);
  if (it == all.end()) return "";
  switch (mode) {
    case HisMode::Silent: return "";
    case HisMode::Slow:
      std::this_thread::sleep_for(std::chrono::seconds(3));
      break;
    case HisMode::Invalid:
      // Claims success but lacks what the catalog requires (and has a value outside a dictionary).
      return R"({"data":{"ret_code":"00","retCode":"00","result":"maybe"}})";
    case HisMode::BusinessFailure:
      if (it->second.platform == "amp") return R"({"data":{"ret_code":"01","ret_msg":"余额不足","result":"fail"}})";
      if (it->second.platform == "yzt") return R"({"data":{"retCode":"01","retMsg":"余额不足"}})";
      return R"({"code":"1000","message":"HIS 业务失败"})";
    case HisMode::Normal:
      break;
  }
  return "{\"data\":" + it->second.response + "}";
}

void ONETRANS_CALL HisCallback(void*, const char* request, void* reply) {
  std::string answer = TestHis::Get().Answer(request);
  if (!answer.empty()) OneTrans_Reply(reply, answer.c_str());
}

std::string GatewayConfig(const std::string& journal, const std::string& gatewayExtra,
                          const std::map<std::string, std::string>& routeHandlers) {
  auto handler = [&](const char* route) {
    auto it = routeHandlers.find(route);
    return it == routeHandlers.end() ? std::string() : R"(,"handler":")" + it->second + "\"";
  };
  return std::string(R"({"qingyuan":{"platformId":")") + kGwPlatformId + R"(","key":")" + kGwKey +
         R"("},"journal":{"path":")" + journal + R"("},"gateway":{"listen":"127.0.0.1:0")" +
         (gatewayExtra.empty() ? "" : "," + gatewayExtra) +
         R"(,"qingyuan":{"allowFrom":"127.0.0.1")" + handler("qingyuan") +
         R"(},"amp":{"allowFrom":"127.0.0.1,::1","token":")" + kGwAmpToken + "\"" + handler("amp") +
         R"(},"yzt":{"secret":")" + kGwYztSecret + "\"" + handler("yzt") +
         R"(},"mpay":{"token":")" + kGwMpayToken + "\"" + handler("mpay") + "}}}";
}

GatewayHarness::GatewayHarness(const std::string& gatewayExtra, std::string journal,
                               const std::map<std::string, std::string>& routeHandlers)
    : journal_(journal.empty() ? "gateway-journal-" + crypto::RandomAlnum(8) + ".db" : std::move(journal)) {
  std::string cfg = GatewayConfig(journal_, gatewayExtra, routeHandlers);
  if (OneTrans_GatewayStart(cfg.c_str(), HisCallback, nullptr) != 0)
    throw std::runtime_error(std::string("OneTrans_GatewayStart: ") + OneTrans_LastError());
  base_ = OneTrans_GatewayAddress();
  running_ = true;
}

void GatewayHarness::Stop() {
  if (running_) OneTrans_GatewayStop();
  running_ = false;
}

GatewayHarness::~GatewayHarness() {
  Stop();
  OneTrans_Cleanup();
}

PlatformAnswer Send(const std::string& base, const std::string& api, const std::string& data, const SendOptions& opts) {
  PlatformAnswer a;
  std::string platformName = PlatformOf(api);
  const catalog::Interface* itf = Find(api);
  std::string token = opts.token == "-" ? "" : opts.token;
  rapidjson::Document parsed;
  parsed.Parse(data.c_str(), data.size());
  platform::HttpAnswer http;
  if (platformName == "qingyuan") {
    platform::QingyuanEnvelope e;
    e.platformId = opts.platformId.empty() ? kGwPlatformId : opts.platformId;
    e.key = opts.key.empty() ? kGwKey : opts.key;
    e.transCode = api;
    e.plaintext = platform::Compact(parsed);
    e.seqId = opts.seqId;
    e.date = opts.date;
    e.time = opts.time;
    std::string body = platform::QingyuanRequest(e);
    if (opts.tamperEncData) body.replace(body.find("\"encData\":\"") + 11, 4, "FFFF");
    if (opts.tamperSign) body.replace(body.find("\"signData\":\"") + 12, 4, "0000");
    http = platform::Post(base, "/qingyuan", body);
    auto reply = platform::OpenQingyuanReply(http.body, kGwKey);
    a.code = reply.rtCode;
    a.message = reply.rtMsg;
    a.data = reply.plaintext.value_or("");
    a.verified = reply.verified;
  } else if (platformName == "yzt") {
    rapidjson::Document fields(rapidjson::kObjectType);
    fields.AddMember("method", rapidjson::Value(api.c_str(), fields.GetAllocator()), fields.GetAllocator());
    for (auto it = parsed.MemberBegin(); it != parsed.MemberEnd(); ++it)
      fields.AddMember(rapidjson::Value(it->name, fields.GetAllocator()), rapidjson::Value(it->value, fields.GetAllocator()),
                       fields.GetAllocator());
    std::string body = platform::YztSigned(fields, kGwYztSecret);
    if (opts.tamperSign) body.replace(body.find("\"sign\":\"") + 8, 4, "0000");
    http = platform::Post(base, "/yzt", body);
    a.verified = platform::YztVerify(http.body, kGwYztSecret);
    rapidjson::Document reply;
    reply.Parse(http.body.c_str(), http.body.size());
    if (reply.IsObject()) {
      a.code = reply.HasMember("retCode") ? reply["retCode"].GetString() : "00";
      for (const char* m : {"retMsg", "out_retMsg"})
        if (reply.HasMember(m)) a.message = reply[m].GetString();
      reply.RemoveMember("sign");
      a.data = platform::Compact(reply);
    }
  } else {
    std::string path = "/" + platformName + "/" + itf->path;
    std::string defaultToken = platformName == "amp" ? kGwAmpToken : kGwMpayToken;
    std::map<std::string, std::string> headers;
    if (opts.token != "-") headers["X-OneTrans-Token"] = token.empty() ? defaultToken : token;
    http = platform::Post(base, path, data, headers);
    rapidjson::Document reply;
    reply.Parse(http.body.c_str(), http.body.size());
    if (reply.IsObject() && platformName == "amp") {
      a.code = reply.HasMember("ret_code") ? reply["ret_code"].GetString() : "";
      a.message = reply.HasMember("ret_msg") ? reply["ret_msg"].GetString() : "";
      a.data = http.body;
    } else if (reply.IsObject()) {
      a.code = reply.HasMember("CODE") ? std::to_string(reply["CODE"].GetInt()) : "";
      a.message = reply.HasMember("MSG") ? reply["MSG"].GetString() : "";
      a.data = reply.HasMember("DATA") ? platform::Compact(reply["DATA"]) : "";
    }
  }
  a.http = http.status;
  a.raw = http.body;
  return a;
}

bool SameJson(const std::string& a, const std::string& b) {
  rapidjson::Document x, y;
  x.Parse(a.c_str(), a.size());
  y.Parse(b.c_str(), b.size());
  return !x.HasParseError() && !y.HasParseError() && x == y;
}

}  // namespace onetrans::test
