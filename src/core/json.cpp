#include "core/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace onetrans::json {
namespace {

// Forwards SAX events into the document while counting nesting, so hostile input cannot
// exhaust the stack when the document is later walked recursively. One pass, no copy.
struct DepthLimited {
  Document& doc;
  std::size_t maxDepth;
  std::size_t depth = 0;
  bool tooDeep = false;
  bool Null() { return doc.Null(); }
  bool Bool(bool b) { return doc.Bool(b); }
  bool Int(int i) { return doc.Int(i); }
  bool Uint(unsigned u) { return doc.Uint(u); }
  bool Int64(int64_t i) { return doc.Int64(i); }
  bool Uint64(uint64_t u) { return doc.Uint64(u); }
  bool Double(double d) { return doc.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return doc.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc.Key(s, n, copy); }
  bool StartObject() { return Push() && doc.StartObject(); }
  bool EndObject(rapidjson::SizeType n) { --depth; return doc.EndObject(n); }
  bool StartArray() { return Push() && doc.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { --depth; return doc.EndArray(n); }
  bool Push() {
    if (++depth > maxDepth) { tooDeep = true; return false; }
    return true;
  }
};

}  // namespace

Status Parse(std::string_view text, Document* doc, const Limits& limits) {
  constexpr unsigned kFlags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;
  rapidjson::ParseResult result;
  bool tooDeep = false;
  auto generate = [&](Document& d) {
    rapidjson::Reader reader;
    rapidjson::MemoryStream ms(text.data(), text.size());
    DepthLimited h{d, limits.maxDepth};
    result = reader.Parse<kFlags>(ms, h);
    tooDeep = h.tooDeep;
    return !result.IsError();
  };
  doc->Populate(generate);
  if (tooDeep) return Status::Fail(rc::kInvalidInput, "JSON 嵌套层数超过上限 " + std::to_string(limits.maxDepth));
  if (result.IsError())
    return Status::Fail(rc::kInvalidInput, std::string("输入不是合法的JSON（第 ") + std::to_string(result.Offset()) +
                                               " 字节）：" + rapidjson::GetParseError_En(result.Code()));
  return Status::Ok();
}

namespace {

// A rapidjson output stream straight into a std::string.
struct StringOut {
  using Ch = char;
  std::string* s;
  void Put(char c) { s->push_back(c); }
  void Flush() {}
};

// An upper bound of the compact text's size in the common case (strings needing no more
// than a few escapes), so the output is written once into memory reserved up front.
std::size_t EstimateSize(const Value& v) {
  if (v.IsString()) return v.GetStringLength() + 8;
  if (v.IsObject()) {
    std::size_t n = 2;
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) n += it->name.GetStringLength() + 4 + EstimateSize(it->value);
    return n;
  }
  if (v.IsArray()) {
    std::size_t n = 2;
    for (const auto& e : v.GetArray()) n += 1 + EstimateSize(e);
    return n;
  }
  return 24;
}

}  // namespace

std::string Serialize(const Value& v) {
  // Large payloads (a 3 MB image) are written once into a pre-sized string instead of a
  // growing buffer that is then copied: one copy of the bytes instead of two.
  std::string out;
  out.reserve(EstimateSize(v));
  StringOut stream{&out};
  rapidjson::Writer<StringOut> w(stream);
  v.Accept(w);
  return out;
}

const Value* Find(const Value& obj, const char* name) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::optional<std::string> GetString(const Value& obj, const char* name) {
  const Value* v = Find(obj, name);
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

std::string GetStringOr(const Value& obj, const char* name, std::string fallback) {
  auto s = GetString(obj, name);
  return s ? *s : std::move(fallback);
}

std::string Text(const Value& obj, const char* name) {
  std::string s;
  const Value* v = Find(obj, name);
  if (v != nullptr) ScalarText(*v, &s);
  return s;
}

bool ScalarText(const Value& v, std::string* out) {
  if (v.IsString()) { out->assign(v.GetString(), v.GetStringLength()); return true; }
  if (v.IsBool()) { *out = v.GetBool() ? "true" : "false"; return true; }
  if (v.IsNumber()) { *out = Serialize(v); return true; }
  return false;
}

Value Str(std::string_view s, Allocator& a) {
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

void Set(Value& obj, std::string_view name, Value v, Allocator& a) {
  auto it = obj.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
  if (it != obj.MemberEnd()) { it->value = std::move(v); return; }
  obj.AddMember(Str(name, a), std::move(v), a);
}

std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace onetrans::json
