#include "envelope/envelope.h"

#include <algorithm>

#include "crypto/crypto.h"

namespace onetrans::envelope {
namespace {

bool IsUnsigned(const Rules& rules, std::string_view name) {
  return std::find(rules.unsigned_fields.begin(), rules.unsigned_fields.end(), name) != rules.unsigned_fields.end();
}

using Parts = std::vector<std::pair<std::string_view, std::string_view>>;

// The signed key=value pairs in signing order; views into `fields` and `plaintext`.
Parts SignedParts(const Fields& fields, std::optional<std::string_view> plaintext, const Rules& rules) {
  Parts parts;
  parts.reserve(fields.size() + 1);
  for (const auto& [k, v] : fields) {
    if (v.empty() || IsUnsigned(rules, k) || k == "data") continue;
    parts.emplace_back(k, v);
  }
  if (plaintext) parts.emplace_back("data", *plaintext);
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return parts;
}

// SM3 of the signing string, fed piece by piece: a 3 MB plaintext is never copied for it.
std::string SignatureOf(const Fields& fields, std::optional<std::string_view> plaintext, const Rules& rules) {
  crypto::Sm3Stream sm3;
  bool first = true;
  for (const auto& [k, v] : SignedParts(fields, plaintext, rules)) {
    if (!first) sm3.Update("&");
    first = false;
    sm3.Update(k);
    sm3.Update("=");
    sm3.Update(v);
  }
  sm3.Update("&key=");
  sm3.Update(rules.signKey);
  return sm3.FinalHex();
}

}  // namespace

std::string SigningString(const Fields& fields, std::optional<std::string_view> plaintext, const Rules& rules) {
  Parts parts = SignedParts(fields, plaintext, rules);
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

Fields FieldsOf(const json::Value& envelope, const Rules* rules) {
  Fields out;
  if (!envelope.IsObject()) return out;
  for (auto it = envelope.MemberBegin(); it != envelope.MemberEnd(); ++it) {
    if (rules != nullptr && IsUnsigned(*rules, std::string_view(it->name.GetString(), it->name.GetStringLength()))) continue;
    std::string text;
    if (it->value.IsNull()) continue;  // null is skipped like ""
    if (!json::ScalarText(it->value, &text)) text = json::Serialize(it->value);
    out.emplace_back(std::string(it->name.GetString(), it->name.GetStringLength()), std::move(text));
  }
  return out;
}

Sealed Seal(const Fields& fields, std::optional<std::string_view> plaintext, const Rules& rules) {
  Sealed s;
  if (plaintext) s.encDataSize = crypto::Sm4EcbHexSize(plaintext->size());
  s.signData = SignatureOf(fields, plaintext, rules);
  return s;
}

Status Open(std::string_view body, const Rules& rules, Opened* out, const json::Limits& limits) {
  // encData is hex-decoded as the parser reads it: megabytes of it are never held twice, and
  // the SM4 decryption then runs in place over the decoded bytes.
  crypto::Bytes cipher;
  bool encPresent = false, hexOk = true;
  json::Limits l = limits;
  l.bulkMember = "encData";
  l.onBulk = [&](std::string_view hex) {
    encPresent = !hex.empty();
    cipher.reserve(hex.size() / 2);
    hexOk = crypto::AppendHexDecoded(hex, &cipher);
    return true;  // a bad hex is 000101 below, not a parse error
  };
  Status st = json::Parse(body, &out->fields, l);
  if (!st.ok()) return Status::Fail(rc::kTransport, "应答不是合法的JSON：" + st.message);
  if (!out->fields.IsObject()) return Status::Fail(rc::kTransport, "应答不是JSON对象");
  const json::Value* enc = json::Find(out->fields, "encData");
  if (enc != nullptr && !enc->IsNull() && !enc->IsString()) return Status::Fail(rc::kDecrypt, "encData 不是字符串");
  if (encPresent) {
    if (!hexOk) return Status::Fail(rc::kDecrypt, "encData 不是合法的十六进制串");
    Status plain = crypto::Sm4EcbDecryptInPlace(rules.sm4Key, &cipher);
    if (!plain.ok()) return Status::Fail(rc::kDecrypt, "encData 无法解密：" + plain.message);
    out->plaintext = std::move(cipher);
  }
  auto sign = json::GetString(out->fields, "signData");
  if (!sign || sign->empty()) return Status::Fail(rc::kSignature, "应答缺少签名 signData");
  std::string expected = SignatureOf(FieldsOf(out->fields, &rules), out->plaintext, rules);
  if (!crypto::HexEqualsConstantTime(expected, *sign)) return Status::Fail(rc::kSignature, "签名 signData 验证失败");
  return Status::Ok();
}

std::string KeyPrefix16(std::string_view key) { return std::string(key.substr(0, 16)); }

void BodyWriter::Key(std::string_view key) {
  if (out_.size() > 1) out_ += ',';
  out_ += '"';
  out_ += key;
  out_ += "\":";
}

BodyWriter& BodyWriter::Text(std::string_view key, std::string_view value) {
  Key(key);
  out_ += '"';
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out_ += '\\';
      out_ += c;
    } else if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
      out_ += '\\';
      out_ += c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : c == '\b' ? 'b' : 'f';
    } else if (u < 0x20) {
      static const char* hex = "0123456789ABCDEF";
      out_ += "\\u00";
      out_ += hex[u >> 4];
      out_ += hex[u & 0xF];
    } else {
      out_ += c;
    }
  }
  out_ += '"';
  return *this;
}

BodyWriter& BodyWriter::Hex(std::string_view key, std::string_view value) {
  Key(key);
  out_ += '"';
  out_ += value;
  out_ += '"';
  return *this;
}

Status BodyWriter::EncData(std::string_view key, std::string_view plaintext, const Rules& rules) {
  Key(key);
  out_ += '"';
  Status st = crypto::Sm4EcbEncryptAppendHex(rules.sm4Key, plaintext, &out_);
  out_ += '"';
  return st;
}

BodyWriter& BodyWriter::Raw(std::string_view key, std::string_view jsonValue) {
  Key(key);
  out_ += jsonValue;
  return *this;
}

}  // namespace onetrans::envelope
