#include "support/harness.h"

#include <cstring>
#include <stdexcept>

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
  json::Parse(a.text, &a.out);
  return a;
}

std::string Req(const std::string& transCode, const std::string& dataFields) {
  return R"({"transCode":")" + transCode + R"(","data":{)" + dataFields + "}}";
}

SandboxHarness::SandboxHarness(const std::string& extraConfig, sandbox::Options opts)
    : sb_(std::make_unique<sandbox::Sandbox>(std::move(opts))) {
  Status st = sb_->Start();
  if (!st.ok()) throw std::runtime_error(st.message);
  Reinit(sb_->qingyuanUrl(), sb_->options().qingyuan.key, extraConfig);
}

SandboxHarness::~SandboxHarness() {
  OneTrans_Cleanup();
  sb_->Stop();
}

std::string SandboxHarness::config(const std::string& serverAddr, const std::string& key, const std::string& extra) const {
  // Later sections win: `extra` may replace the default [amp] section.
  return R"({"qingyuan":{"serverAddr":")" + serverAddr + R"(","platformId":")" + sb_->options().qingyuan.platformId +
         R"(","key":")" + key + R"("},"amp":{"serverAddr":")" + sb_->ampUrl() + R"(","appId":")" + sandbox::kDefaultAppId +
         R"(","appKey":")" + sandbox::kDefaultAppKey + R"(","orgId":")" + sandbox::kDefaultOrgId + R"("},"transport":{"retryBackoffMs":20})" +
         (extra.empty() ? "" : "," + extra) + "}";
}

void SandboxHarness::Reinit(const std::string& serverAddr, const std::string& key, const std::string& extra) const {
  std::string cfg = config(serverAddr, key, extra);
  if (OneTrans_Init(cfg.c_str()) != 0) throw std::runtime_error("OneTrans_Init rejected " + cfg);
}

}  // namespace onetrans::test
