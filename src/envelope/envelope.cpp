#include "envelope/envelope.h"

#include <algorithm>

#include "crypto/crypto.h"

namespace onetrans::envelope {
namespace {

bool IsUnsigned(const Rules& rules, std::string_view name) {
  return std::find(rules.unsigned_fields.begin(), rules.unsigned_fields.end(), name) != rules.unsigned_fields.end();
}

}  // namespace

std::string SigningString(const Fields& fields, const std::optional<std::string>& plaintext, const Rules& rules) {
  std::vector<std::pair<std::string_view, std::string_view>> parts;
  parts.reserve(fields.size() + 1);
  for (const auto& [k, v] : fields) {
    if (v.empty() || IsUnsigned(rules, k) || k == "data") continue;
    parts.emplace_back(k, v);
  }
  if (plaintext) parts.emplace_back("data", *plaintext);
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t size = rules.signKey.size() + 5;
  for (const auto& [k, v] : parts) size += k.size() + v.size() + 2;
  std::string out;
  out.reserve(size);
  for (const auto& [k, v] : parts) {
    if (!out.empty()) out.push_back('&');
    out.append(k).push_back('=');
    out.append(v);
  }
  out.append("&key=").append(rules.signKey);
  return out;
}

Fields FieldsOf(const json::Value& envelope) {
  Fields out;
  if (!envelope.IsObject()) return out;
  for (auto it = envelope.MemberBegin(); it != envelope.MemberEnd(); ++it) {
    std::string text;
    if (it->value.IsNull()) continue;  // null is skipped like ""
    if (!json::ScalarText(it->value, &text)) text = json::Serialize(it->value);
    out.emplace_back(std::string(it->name.GetString(), it->name.GetStringLength()), std::move(text));
  }
  return out;
}

Result<Sealed> Seal(const Fields& fields, const std::optional<std::string>& plaintext, const Rules& rules) {
  Sealed s;
  if (plaintext) {
    auto enc = crypto::Sm4EcbEncrypt(rules.sm4Key, *plaintext);
    if (!enc.ok()) return enc.status;
    s.encData = crypto::HexUpper(enc.value);
  }
  s.signData = crypto::Sm3Hex(SigningString(fields, plaintext, rules));
  return s;
}

Status Open(std::string_view body, const Rules& rules, Opened* out, const json::Limits& limits) {
  Status st = json::Parse(body, &out->fields, limits);
  if (!st.ok()) return Status::Fail(rc::kTransport, "应答不是合法的JSON：" + st.message);
  if (!out->fields.IsObject()) return Status::Fail(rc::kTransport, "应答不是JSON对象");
  const json::Value* enc = json::Find(out->fields, "encData");
  if (enc != nullptr && !enc->IsNull() && !(enc->IsString() && enc->GetStringLength() == 0)) {
    if (!enc->IsString()) return Status::Fail(rc::kDecrypt, "encData 不是字符串");
    crypto::Bytes cipher;
    if (!crypto::HexDecode(std::string_view(enc->GetString(), enc->GetStringLength()), &cipher))
      return Status::Fail(rc::kDecrypt, "encData 不是合法的十六进制串");
    auto plain = crypto::Sm4EcbDecrypt(rules.sm4Key, cipher);
    if (!plain.ok()) return Status::Fail(rc::kDecrypt, "encData 无法解密：" + plain.status.message);
    out->plaintext = std::move(plain.value);
  }
  auto sign = json::GetString(out->fields, "signData");
  if (!sign || sign->empty()) return Status::Fail(rc::kSignature, "应答缺少签名 signData");
  std::string expected = crypto::Sm3Hex(SigningString(FieldsOf(out->fields), out->plaintext, rules));
  if (!crypto::HexEqualsConstantTime(expected, *sign)) return Status::Fail(rc::kSignature, "签名 signData 验证失败");
  return Status::Ok();
}

std::string KeyPrefix16(std::string_view key) { return std::string(key.substr(0, 16)); }

}  // namespace onetrans::envelope
