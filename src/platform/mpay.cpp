#include "platform/mpay.h"

#include <set>

#include "core/outcome.h"

namespace onetrans::platform::mpay {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

Status TrimKeys(json::Value* v, json::Allocator& a) {
  if (v->IsArray()) {
    for (auto& e : v->GetArray()) {
      Status st = TrimKeys(&e, a);
      if (!st.ok()) return st;
    }
    return Status::Ok();
  }
  if (!v->IsObject()) return Status::Ok();
  std::set<std::string> seen;
  for (auto it = v->MemberBegin(); it != v->MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    std::string_view trimmed = Trim(name);
    if (!seen.insert(std::string(trimmed)).second)
      return Status::Fail(rc::kInvalidInput, std::string(trimmed) + "：去掉空格后与另一个键重复");
    if (trimmed.size() != name.size()) {
      // A copy first: the trimmed name is a view into the name being replaced (found by fuzz_inbound_mpay).
      std::string copy(trimmed);
      it->name.SetString(copy.data(), static_cast<rapidjson::SizeType>(copy.size()), a);
    }
    Status st = TrimKeys(&it->value, a);
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

std::string Reply(int code, std::string_view msg, const json::Value* data) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("CODE");
  w.Int(code);
  json::WriteField(w, "MSG", msg);
  if (data != nullptr) {
    w.Key("DATA");
    data->Accept(w);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace onetrans::platform::mpay
