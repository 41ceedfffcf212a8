#include "support/harness.h"

#include <cstring>
#include <stdexcept>

#include "core/charset.h"
#include "crypto/crypto.h"
#include <cstdio>
#include "onetrans/onetrans.h"

namespace onetrans::test {

const char* const kHosp = R"("hospitalId":"QYH44180200001","cityCode":"441800")";

int Answer::businessCode() const {
  const json::Value* c = json::Find(out, "code");
  return c != nullptr && c->IsInt() ? c->GetInt() : -9999;
}

std::string Answer::data(const char* field) const {
  const json::Value* d = json::Find(out, "data");
  if (d == nullptr) return "";
  return json::Text(*d, field);
}

Answer Call(const std::string& request, std::size_t cap) {
  constexpr std::size_t kGuard = 64;
  std::string in = request;
  std::string buf(cap + kGuard, '\x5A');
  const char* rc = MobileTrans(in.data(), buf.data());
  for (std::size_t i = cap; i < cap + kGuard; ++i)
    if (buf[i] != '\x5A') throw std::runtime_error("MobileTrans wrote past the caller's buffer");
  Answer a;
  a.code = rc;
  a.text = std::string(buf.c_str());
  (void)json::Parse(a.text, &a.out);  // not JSON: the tests look at a.text
  return a;
}

std::string Req(const std::string& transCode, const std::string& dataFields) {
  return R"({"transCode":")" + transCode + R"(","data":{)" + dataFields + "}}";
}

std::string SignToken() {
  Answer a = Call(Req("HOS00001", R"("idNo":"441802198708081050","idType":"01","userName":"张三丰",)" + std::string(kHosp) +
                                      R"(,"treatmentSerialNo":"ZY0001")"));
  if (a.code != "000000") throw std::runtime_error("HOS00001 failed: " + a.text);
  return a.data("signToken");
}

SandboxHarness::SandboxHarness(const std::string& extraConfig, sandbox::Options opts)
    : sb_(std::make_unique<sandbox::Sandbox>(std::move(opts))),
      // Each harness its own journal: business keys (orderId) of one test never meet another's.
      journal_("harness-journal-" + crypto::RandomAlnum(10) + ".db") {
  Status st = sb_->Start();
  if (!st.ok()) throw std::runtime_error(st.message);
  Reinit(sb_->qingyuanUrl(), sb_->options().qingyuan.key, extraConfig);
}

SandboxHarness::~SandboxHarness() {
  OneTrans_Cleanup();
  sb_->Stop();
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((journal_ + suffix).c_str());
}

std::string SandboxHarness::config(const std::string& serverAddr, const std::string& key, const std::string& extra) const {
  json::Document cfg;
  std::string base = R"({"qingyuan":{"serverAddr":")" + serverAddr + R"(","platformId":")" + sb_->options().qingyuan.platformId +
                     R"(","key":")" + key + R"("},"amp":{"serverAddr":")" + sb_->ampUrl() + R"(","appId":")" + sandbox::kDefaultAppId +
                     R"(","appKey":")" + sandbox::kDefaultAppKey + R"(","orgId":")" + sandbox::kDefaultOrgId +
                     R"("},"transport":{"retryBackoffMs":20},"journal":{"path":")" + journal_ + R"("}})";
  if (!json::Parse(base, &cfg).ok()) throw std::runtime_error("harness config");
  // `extra` sections are merged over the defaults, key by key (a config may not repeat a section).
  json::Document more;
  if (!extra.empty() && !json::Parse("{" + extra + "}", &more).ok()) throw std::runtime_error("bad extra config: " + extra);
  if (!extra.empty())
    for (auto sec = more.MemberBegin(); sec != more.MemberEnd(); ++sec) {
      std::string name(sec->name.GetString(), sec->name.GetStringLength());
      if (!cfg.HasMember(name.c_str())) cfg.AddMember(json::Str(name, cfg.GetAllocator()), json::Value(rapidjson::kObjectType), cfg.GetAllocator());
      json::Value& target = cfg[name.c_str()];
      for (auto kv = sec->value.MemberBegin(); kv != sec->value.MemberEnd(); ++kv)
        json::Set(target, std::string_view(kv->name.GetString(), kv->name.GetStringLength()),
                  json::Value(kv->value, cfg.GetAllocator()), cfg.GetAllocator());
    }
  return json::Serialize(cfg);
}

void SandboxHarness::Reinit(const std::string& serverAddr, const std::string& key, const std::string& extra) const {
  std::string cfg = config(serverAddr, key, extra);
  if (OneTrans_Init(cfg.c_str()) != 0) throw std::runtime_error("OneTrans_Init rejected " + cfg);
}

}  // namespace onetrans::test
