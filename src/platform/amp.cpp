#include "platform/amp.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "crypto/crypto.h"

namespace onetrans::platform::amp {

Result<std::string> DeriveSm4Key(std::string_view appId, std::string_view appKey, std::string_view keyDerivation) {
  if (keyDerivation == "prefix") {
    if (appKey.size() < 16) return Status::Fail(rc::kInvalidInput, "appKey（应用秘钥）：长度不足16位");
    return std::string(appKey.substr(0, 16));
  }
  if (appId.size() < 16) return Status::Fail(rc::kInvalidInput, "appId（应用ID）：长度不足16位，无法派生SM4密钥");
  auto cipher = crypto::Sm4EcbEncrypt(appId.substr(0, 16), appKey);
  if (!cipher.ok()) return cipher.status;
  return crypto::HexUpper(cipher.value).substr(0, 16);
}

Result<envelope::Rules> Rules(std::string_view appId, std::string_view appKey, std::string_view keyDerivation) {
  auto key = DeriveSm4Key(appId, appKey, keyDerivation);
  if (!key.ok()) return key.status;
  return envelope::Rules{{"signData", "encData", "extra"}, key.value, std::string(appKey)};
}

bool IsControlKey(std::string_view name) {
  return name == "serverAddr" || name == "appId" || name == "appKey" || name == "encryptType" || name == "signType" ||
         name == "timestamp" || name == "version";
}

std::string BusinessPlaintext(const json::Value& data) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (auto it = data.MemberBegin(); it != data.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (IsControlKey(name)) continue;
    w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    it->value.Accept(w);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<std::string> BuildRequestBody(const Request& r, const envelope::Rules& rules) {
  envelope::Fields fields = {{"appId", r.appId},         {"orgId", r.orgId},      {"encType", "SM4"},
                             {"signType", "SM3"},        {"timestamp", r.timestamp}, {"version", r.version}};
  envelope::Sealed sealed = envelope::Seal(fields, r.plaintext, rules);
  envelope::BodyWriter w(sealed.encDataSize + 512);
  for (const auto& [k, v] : fields) w.Text(k, v);
  if (Status st = w.EncData("encData", r.plaintext, rules); !st.ok()) return st;
  w.Hex("signData", sealed.signData);
  return w.Finish();
}

Result<Reply> OpenReply(std::string_view body, const envelope::Rules& rules) {
  envelope::Opened opened;
  Status st = envelope::Open(body, rules, &opened);
  if (!st.ok()) return st;
  Reply r;
  const json::Value* code = json::Find(opened.fields, "code");
  if (code == nullptr || !json::ScalarText(*code, &r.code)) return Status::Fail(rc::kTransport, "应答缺少 code");
  r.codeIsNumber = code->IsNumber();
  r.success = r.code == "0" || r.code == "000000";
  r.message = json::GetStringOr(opened.fields, "message", "");
  r.orgId = json::GetStringOr(opened.fields, "orgId", "");
  r.extra = json::GetStringOr(opened.fields, "extra", "");
  r.timestamp = json::GetStringOr(opened.fields, "timestamp", "");
  r.plaintext = std::move(opened.plaintext);
  return r;
}

std::string BuildReplyBody(const Reply& r, const envelope::Rules& rules) {
  envelope::Fields fields = {{"code", r.code}, {"message", r.message}, {"timestamp", r.timestamp}, {"orgId", r.orgId},
                             {"extra", r.extra}};
  envelope::Sealed sealed = envelope::Seal(fields, r.plaintext, rules);
  envelope::BodyWriter w(sealed.encDataSize + 512);
  if (r.codeIsNumber) w.Raw("code", std::to_string(std::atoi(r.code.c_str()))); else w.Text("code", r.code);
  w.Text("message", r.message);
  if (r.plaintext) (void)w.EncData("encData", *r.plaintext, rules);  // the sandbox's rules: a 16-byte key
  w.Hex("signData", sealed.signData).Text("timestamp", r.timestamp).Text("orgId", r.orgId).Text("extra", r.extra);
  return w.Finish();
}

}  // namespace onetrans::platform::amp
