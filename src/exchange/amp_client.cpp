#include "exchange/amp_client.h"

#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/clock.h"
#include "platform/amp.h"

namespace onetrans::exchange::amp {
namespace {

namespace wire = platform::amp;

std::string NowTimestamp() { return clock::Format("%Y-%m-%d %H:%M:%S"); }

std::string LastSegment(std::string url) {
  url = url.substr(0, url.find_first_of("?#"));
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url.substr(url.find_last_of('/') + 1);
}

bool SixDigitCode(const std::string& c) {
  if (c.size() != 6) return false;
  for (char ch : c)
    if (ch < '0' || ch > '9') return false;
  return true;
}

class AmpCall final : public Call {
 public:
  AmpCall(const catalog::Interface& itf, const json::Value& data) : Call(itf, data) {}

  const char* platform() const override { return "amp"; }
  const char* idKey() const override { return "api"; }
  std::string seq() const override { return ""; }
  std::string_view plaintext() const override { return request.plaintext; }
  const std::string& url() const override { return url_; }
  Result<std::string> Body() override { return wire::BuildRequestBody(request, rules); }

  bool Renew() override {
    if (hostTimestamp) return false;
    // The gateway refuses a body it has seen (replay guard): a retry carries a later timestamp.
    while (NowTimestamp() == request.timestamp) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    request.timestamp = NowTimestamp();
    return true;
  }

  Result<Reply> Open(std::string_view body) override {
    auto r = wire::OpenReply(body, rules);
    if (!r.ok()) return r.status;
    reply_ = r.value;
    Reply out;
    out.success = r.value.success;
    out.code = r.value.code;
    out.plaintext = std::move(reply_.plaintext);
    return out;
  }

  // Seed 001's output, {"code":0,"data":{...},"extra":"","message":"成功","orgId":...}. Six-digit
  // gateway codes are the return value; application codes (-1…-8) travel in the output's
  // "code" with the exchange itself reported as 000000 (PROTOCOL.md §5).
  Outcome Answer(const Reply& r, const json::Value* data) override {
    int code = std::atoi(r.code.c_str());
    Output out(r.success ? 0 : code != 0 ? code : -1, reply_.message, Origin::kPlatform);
    out.Value("data", data).Str("extra", reply_.extra).Str("orgId", reply_.orgId.empty() ? request.orgId : reply_.orgId);
    if (!r.success) out.Str("gatewayCode", r.code);
    int returnCode = (!r.success && SixDigitCode(r.code)) ? code : 0;
    return out.Finish(returnCode, Origin::kPlatform);
  }

  wire::Request request;
  envelope::Rules rules;
  std::string url_;
  bool hostTimestamp = false;

 private:
  wire::Reply reply_;
};

}  // namespace

Result<std::unique_ptr<Call>> Prepare(const Runtime& rt, const json::Value& input) {
  const AmpConfig& cfg = rt.config().amp;
  const json::Value* data = json::Find(input, "data");
  if (data == nullptr || !data->IsObject()) return Status::Fail(rc::kInvalidInput, "data（业务参数）：必填，应为JSON对象");
  const catalog::Catalog& cat = catalog::Amp();
  const catalog::Interface* itf = nullptr;
  std::string url;
  auto serverAddr = Setting(data, nullptr, "serverAddr", "", "区域医保支付门户地址");
  if (!serverAddr.ok()) return serverAddr.status;
  if (!serverAddr.value.empty()) {
    url = serverAddr.value;
    std::string suffix = LastSegment(url);
    itf = cat.FindByPath(suffix);
    if (itf == nullptr)
      return Status::Fail(rc::kInvalidInput, "serverAddr（区域医保支付门户地址）：路径后缀 \"" + json::Utf8Prefix(suffix, 24) +
                                                 "\" 不是已知接口（pushMsg、refund、queryRefundResult、getTradeFile）");
  } else {
    auto api = Setting(&input, nullptr, "api", "", "接口");
    if (!api.ok()) return api.status;
    if (api.value.empty()) return Status::Fail(rc::kInvalidInput, "serverAddr（区域医保支付门户地址）：未传入，且没有 api 指明接口");
    itf = cat.Find(api.value);
    if (itf == nullptr || itf->inbound) itf = cat.FindByPath(api.value);
    if (itf == nullptr) return Status::Fail(rc::kInvalidInput, "api（接口）：不支持的接口 \"" + json::Utf8Prefix(api.value, 24) + "\"");
    if (cfg.serverAddr.empty())
      return Status::Fail(rc::kInvalidInput, "serverAddr（区域医保支付门户地址）：未传入，也未在配置 [amp] serverAddr 中设置");
    url = cfg.serverAddr;
    while (!url.empty() && url.back() == '/') url.pop_back();
    url += "/" + itf->path;
  }
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    return Status::Fail(rc::kInvalidInput, "serverAddr（区域医保支付门户地址）：应以 http:// 或 https:// 开头");

  auto call = std::make_unique<AmpCall>(*itf, *data);
  call->url_ = std::move(url);
  std::string appKey;
  struct {
    const char* name;
    const json::Value* primary;
    const json::Value* secondary;
    const std::string& configured;
    std::string* out;
    const char* label;
  } settings[] = {
      {"appId", data, &input, cfg.appId, &call->request.appId, "应用ID"},
      {"appKey", data, &input, cfg.appKey, &appKey, "应用秘钥"},
      {"orgId", &input, data, cfg.orgId, &call->request.orgId, "机构ID"},
  };
  for (auto& s : settings) {
    auto v = Setting(s.primary, s.secondary, s.name, s.configured, s.label);
    if (!v.ok()) return v.status;
    if (v.value.empty())
      return Status::Fail(rc::kInvalidInput, std::string(s.name) + "（" + s.label + "）：未传入，也未在配置 [amp] " + s.name + " 中设置");
    *s.out = std::move(v.value);
  }
  auto enc = Setting(data, nullptr, "encryptType", "SM4", "加密类型");
  auto sign = Setting(data, nullptr, "signType", "SM3", "签名类型");
  if (!enc.ok()) return enc.status;
  if (!sign.ok()) return sign.status;
  if (enc.value != "SM4")
    return Status::Fail(rc::kInvalidInput, "encryptType（加密类型）：只支持 SM4，实际为 \"" + json::Utf8Prefix(enc.value, 24) + "\"");
  if (sign.value != "SM3")
    return Status::Fail(rc::kInvalidInput, "signType（签名类型）：只支持 SM3，实际为 \"" + json::Utf8Prefix(sign.value, 24) + "\"");
  auto timestamp = Setting(data, nullptr, "timestamp", "", "时间戳");
  auto version = Setting(data, nullptr, "version", "1.0.0", "版本号");
  if (!timestamp.ok()) return timestamp.status;
  if (!version.ok()) return version.status;
  call->hostTimestamp = !timestamp.value.empty();
  call->request.timestamp = call->hostTimestamp ? timestamp.value : NowTimestamp();
  call->request.version = version.value;

  Status st = cat.Validate(*itf, *data);
  if (!st.ok()) return st;
  auto rules = wire::Rules(call->request.appId, appKey, cfg.keyDerivation);
  if (!rules.ok()) return rules.status;
  call->rules = std::move(rules.value);
  call->request.plaintext = wire::BusinessPlaintext(*data);
  return std::unique_ptr<Call>(std::move(call));
}

}  // namespace onetrans::exchange::amp
