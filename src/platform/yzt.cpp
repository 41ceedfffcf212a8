#include "platform/yzt.h"

#include <algorithm>

#include "crypto/crypto.h"

namespace onetrans::platform::yzt {

Result<std::string> SigningString(std::string_view body, std::string_view secret) {
  std::vector<json::RawMember> members;
  Status st = json::TopLevelTexts(body, &members);
  if (!st.ok()) return st;
  std::vector<const json::RawMember*> parts;
  for (const auto& m : members) {
    if (m.name == "sign" || m.isNull || (m.isString && m.text.empty())) continue;
    parts.push_back(&m);
  }
  std::sort(parts.begin(), parts.end(), [](const json::RawMember* a, const json::RawMember* b) { return a->name < b->name; });
  std::string out;
  for (const auto* m : parts) {
    if (!out.empty()) out += '&';
    out += m->name;
    out += '=';
    out += m->text;
  }
  out += "&key=";
  out += secret;
  return out;
}

Result<std::string> Sign(std::string_view body, std::string_view secret) {
  auto s = SigningString(body, secret);
  if (!s.ok()) return s.status;
  return crypto::HexUpper(crypto::Md5(s.value));
}

Status Verify(std::string_view body, std::string_view secret) {
  json::Document d;
  Status st = json::Parse(body, &d);
  if (!st.ok()) return Status::Fail(rc::kInvalidInput, "报文不是合法的JSON：" + st.message);
  if (!d.IsObject()) return Status::Fail(rc::kInvalidInput, "报文应为JSON对象");
  auto given = json::GetString(d, "sign");
  if (!given || given->empty()) return Status::Fail(rc::kSignature, "签名错误：缺少 sign");
  auto expected = Sign(body, secret);
  if (!expected.ok()) return expected.status;
  if (!crypto::HexEqualsConstantTime(expected.value, *given)) return Status::Fail(rc::kSignature, "签名错误：sign 验证失败");
  return Status::Ok();
}

std::string Seal(const json::Value& object, std::string_view secret) {
  std::string body = json::Serialize(object);
  auto sign = Sign(body, secret);  // our own serialisation: it parses
  std::string out = body.substr(0, body.size() - 1);
  if (out.size() > 1) out += ',';
  out += "\"sign\":\"" + (sign.ok() ? sign.value : std::string()) + "\"}";
  return out;
}

}  // namespace onetrans::platform::yzt
