#include "exchange/qingyuan_client.h"

#include <cstdlib>

#include "platform/qingyuan.h"

namespace onetrans::exchange::qingyuan {
namespace {

namespace wire = platform::qingyuan;

class QingyuanCall final : public Call {
 public:
  QingyuanCall(const catalog::Interface& itf, const json::Value& data) : Call(itf, data) {}

  const char* platform() const override { return "qingyuan"; }
  const char* idKey() const override { return "transCode"; }
  std::string seq() const override { return request.platformSeqId; }
  std::string_view plaintext() const override { return request.plaintext; }
  const std::string& url() const override { return serverAddr; }
  Result<std::string> Body() override { return wire::BuildRequestBody(request, key); }

  bool Renew() override {
    // A retried query is a new request to the platform: it needs its own platformSeqId.
    if (hostSeqId) return false;
    request.platformSeqId = wire::NewPlatformSeqId();
    wire::LocalDateTime(&request.platformTransDate, &request.platformTransTime);
    return true;
  }

  Result<Reply> Open(std::string_view body) override {
    auto r = wire::OpenReply(body, key);
    if (!r.ok()) return r.status;
    Reply out;
    out.success = r.value.rtCode == "0000";
    out.code = r.value.rtCode;
    rtMsg = r.value.rtMsg;
    out.plaintext = std::move(r.value.plaintext);
    return out;
  }

  Outcome Answer(const Reply& r, const json::Value* data) override {
    int code = 0;
    if (!r.success) {
      code = std::atoi(r.code.c_str());
      if (code == 0) code = -1;  // a non-numeric failure code must not read as success
    }
    std::string message = rtMsg.empty() ? catalog::Qingyuan().RtMessage(r.code) : rtMsg;
    return Output(code, message, Origin::kPlatform)
        .Str("rtCode", r.code)
        .Str("rtMsg", rtMsg)
        .Str("transCode", request.transCode)
        .Str("platformSeqId", request.platformSeqId)
        .Value("data", data)
        .Finish(rc::kOk, Origin::kPlatform);
  }

  wire::Request request;
  std::string serverAddr, key, rtMsg;
  bool hostSeqId = false;
};

}  // namespace

Result<std::unique_ptr<Call>> Prepare(const Runtime& rt, const json::Value& input) {
  const QingyuanConfig& cfg = rt.config().qingyuan;
  const json::Value* transCode = json::Find(input, "transCode");
  if (transCode == nullptr || transCode->IsNull()) return Status::Fail(rc::kInvalidInput, "transCode（交易码）：必填字段缺失");
  if (!transCode->IsString())
    return Status::Fail(rc::kInvalidInput, "transCode（交易码）：类型应为字符串，实际为" + json::Utf8Prefix(json::Serialize(*transCode), 24));
  std::string code(transCode->GetString(), transCode->GetStringLength());
  const catalog::Interface* itf = catalog::Qingyuan().Find(code);
  if (itf == nullptr || itf->inbound)
    return Status::Fail(rc::kInvalidInput, "transCode（交易码）：不支持的交易码 \"" + json::Utf8Prefix(code, 24) + "\"");
  const json::Value* data = json::Find(input, "data");
  if (data == nullptr || data->IsNull()) return Status::Fail(rc::kInvalidInput, "data（业务参数）：必填字段缺失");

  auto call = std::make_unique<QingyuanCall>(*itf, *data);
  call->request.transCode = code;
  struct {
    const char* name;
    const std::string& configured;
    std::string* out;
    const char* label;
  } settings[] = {
      {"serverAddr", cfg.serverAddr, &call->serverAddr, "平台地址"},
      {"platformId", cfg.platformId, &call->request.platformId, "接入方编号"},
      {"key", cfg.key, &call->key, "接入方密钥"},
      {"version", cfg.version, &call->request.version, "版本号"},
  };
  for (auto& s : settings) {
    auto v = Setting(&input, nullptr, s.name, s.configured, s.label);
    if (!v.ok()) return v.status;
    if (v.value.empty())
      return Status::Fail(rc::kInvalidInput, std::string(s.name) + "（" + s.label + "）：未配置，请在请求中传入或在配置 [qingyuan] " +
                                                 s.name + " 中设置");
    *s.out = std::move(v.value);
  }
  if (call->key.size() < 16) return Status::Fail(rc::kInvalidInput, "key（接入方密钥）：长度不足16位，无法生成SM4密钥");
  if (call->request.platformId.size() > 8)
    return Status::Fail(rc::kInvalidInput, "platformId（接入方编号）：长度应为至多8个字符，实际为" +
                                               std::to_string(call->request.platformId.size()));
  if (call->request.version.size() > 10) return Status::Fail(rc::kInvalidInput, "version（版本号）：长度应为至多10个字符");
  if (call->serverAddr.rfind("http://", 0) != 0 && call->serverAddr.rfind("https://", 0) != 0)
    return Status::Fail(rc::kInvalidInput, "serverAddr（平台地址）：应以 http:// 或 https:// 开头");

  auto seq = Setting(&input, nullptr, "platformSeqId", "", "接入方流水号");
  if (!seq.ok()) return seq.status;
  call->hostSeqId = !seq.value.empty();
  call->request.platformSeqId = call->hostSeqId ? seq.value : wire::NewPlatformSeqId();
  if (!wire::IsValidPlatformSeqId(call->request.platformSeqId))
    return Status::Fail(rc::kInvalidInput, "platformSeqId（接入方流水号）：应为8至40位数字或英文字母");
  if (const json::Value* ext = json::Find(input, "extendParmas"); ext != nullptr && !ext->IsNull()) {
    std::string text;
    if (!json::ScalarText(*ext, &text)) text = json::Serialize(*ext);
    if (json::Utf8Length(text) > 1024) return Status::Fail(rc::kInvalidInput, "extendParmas（扩展参数）：长度应为至多1024个字符");
    call->request.extendParmas = std::move(text);
  }
  Status st = catalog::Qingyuan().Validate(*itf, *data);
  if (!st.ok()) return st;
  call->request.plaintext = json::Serialize(*data);
  wire::LocalDateTime(&call->request.platformTransDate, &call->request.platformTransTime);
  return std::unique_ptr<Call>(std::move(call));
}

}  // namespace onetrans::exchange::qingyuan
