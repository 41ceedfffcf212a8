#include "core/json.h"

#include "core/charset.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace onetrans::json {
namespace {

// Forwards SAX events into the document while counting nesting, so hostile input cannot
// exhaust the stack when the document is later walked recursively. One pass, no copy.
// A bulk member (Limits::bulkMember) goes to its callback instead of into the document.
struct DepthLimited {
  Document& doc;
  const Limits& limits;
  std::size_t depth = 0;
  bool tooDeep = false, bulkNext = false, bulkFailed = false;
  bool Null() { return Scalar() && doc.Null(); }
  bool Bool(bool b) { return Scalar() && doc.Bool(b); }
  bool Int(int i) { return Scalar() && doc.Int(i); }
  bool Uint(unsigned u) { return Scalar() && doc.Uint(u); }
  bool Int64(int64_t i) { return Scalar() && doc.Int64(i); }
  bool Uint64(uint64_t u) { return Scalar() && doc.Uint64(u); }
  bool Double(double d) { return Scalar() && doc.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return Scalar() && doc.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) {
    if (bulkNext) {
      bulkNext = false;
      if (!limits.onBulk(std::string_view(s, n))) {
        bulkFailed = true;
        return false;
      }
      return doc.String("", 0, true);
    }
    return doc.String(s, n, copy);
  }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    bulkNext = depth == 1 && limits.bulkMember != nullptr && std::string_view(s, n) == limits.bulkMember;
    return doc.Key(s, n, copy);
  }
  bool StartObject() { return Scalar() && Push() && doc.StartObject(); }
  bool EndObject(rapidjson::SizeType n) { --depth; return doc.EndObject(n); }
  bool StartArray() { return Scalar() && Push() && doc.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { --depth; return doc.EndArray(n); }
  bool Push() {
    if (++depth > limits.maxDepth) { tooDeep = true; return false; }
    return true;
  }
  bool Scalar() {  // a bulk member that is not a string is kept as it is
    bulkNext = false;
    return true;
  }
};

// Strings and keys of a document parsed without the parser's own UTF-8 check.
bool AllUtf8(const Value& v) {
  if (v.IsString()) return charset::CheckUtf8(std::string_view(v.GetString(), v.GetStringLength())).ok();
  if (v.IsArray()) {
    for (const auto& e : v.GetArray())
      if (!AllUtf8(e)) return false;
    return true;
  }
  if (v.IsObject())
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it)
      if (!AllUtf8(it->name) || !AllUtf8(it->value)) return false;
  return true;
}

bool HasNul(const Value& s) { return std::memchr(s.GetString(), 0, s.GetStringLength()) != nullptr; }

// Walks a parsed document for what the parser lets through: the same key twice in an object,
// a NUL character in a string. Depth is already bounded by the parse. On failure *where gets
// the path (built only then, as the walk unwinds) and *why the rule.
bool Clean(const Value& v, const Limits& limits, std::string* where, const char** why) {
  if (v.IsString()) {
    if (limits.rejectNul && HasNul(v)) {
      *why = "：字符串中含有 \\u0000（NUL 字符），不允许";
      return false;
    }
    return true;
  }
  if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      if (!Clean(v[i], limits, where, why)) {
        *where = "[" + std::to_string(i) + "]" + *where;
        return false;
      }
    return true;
  }
  if (!v.IsObject()) return true;
  for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if ((limits.rejectNul && HasNul(it->name)) || !Clean(it->value, limits, where, why)) {
      if (where->empty() && *why == nullptr) *why = "：键名中含有 \\u0000（NUL 字符），不允许";
      *where = "." + std::string(name) + *where;
      return false;
    }
  }
  if (limits.rejectDuplicateKeys && v.MemberCount() > 1) {
    std::vector<std::string_view> names;
    names.reserve(v.MemberCount());
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) names.emplace_back(it->name.GetString(), it->name.GetStringLength());
    std::sort(names.begin(), names.end());
    for (std::size_t i = 1; i < names.size(); ++i)
      if (names[i] == names[i - 1]) {
        *where = "." + std::string(names[i]);
        *why = "：同一对象中出现了重复的键，不允许";
        return false;
      }
  }
  return true;
}

}  // namespace

Status Parse(std::string_view text, Document* doc, const Limits& limits) {
  constexpr unsigned kFlags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;
  // With a bulk member the parser does not check UTF-8 (megabytes of hex need no such check; its
  // callback checks them): every string kept is checked after the parse instead.
  bool bulk = limits.bulkMember != nullptr && limits.onBulk;
  rapidjson::ParseResult result;
  bool tooDeep = false, bulkFailed = false;
  auto generate = [&](Document& d) {
    rapidjson::Reader reader;
    rapidjson::MemoryStream ms(text.data(), text.size());
    DepthLimited h{d, limits};
    result = bulk ? reader.Parse<rapidjson::kParseIterativeFlag>(ms, h) : reader.Parse<kFlags>(ms, h);
    tooDeep = h.tooDeep;
    bulkFailed = h.bulkFailed;
    return !result.IsError();
  };
  doc->Populate(generate);
  if (bulkFailed) return Status::Fail(rc::kInvalidInput, std::string("JSON ") + limits.bulkMember + "：内容无效");
  if (bulk && !result.IsError() && !AllUtf8(*doc))
    return Status::Fail(rc::kInvalidInput, "输入不是合法的JSON：含有非UTF-8编码的字符串");
  if (!result.IsError() && (limits.rejectDuplicateKeys || limits.rejectNul)) {
    std::string where;
    const char* why = nullptr;
    if (!Clean(*doc, limits, &where, &why))
      return Status::Fail(rc::kInvalidInput, "JSON " + (where.empty() ? std::string("$") : where.substr(where[0] == '.' ? 1 : 0)) + why);
  }
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

namespace {
template <typename Writer>
void WriteCanonical(const Value& v, Writer& w) {
  if (v.IsObject()) {
    std::vector<const Value::Member*> members;
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      if (it->value.IsNull() || (it->value.IsString() && it->value.GetStringLength() == 0)) continue;
      members.push_back(&*it);
    }
    std::sort(members.begin(), members.end(), [](const Value::Member* a, const Value::Member* b) {
      return std::string_view(a->name.GetString(), a->name.GetStringLength()) <
             std::string_view(b->name.GetString(), b->name.GetStringLength());
    });
    w.StartObject();
    for (const auto* m : members) {
      w.Key(m->name.GetString(), m->name.GetStringLength());
      WriteCanonical(m->value, w);
    }
    w.EndObject();
  } else if (v.IsArray()) {
    w.StartArray();
    for (const auto& e : v.GetArray()) WriteCanonical(e, w);
    w.EndArray();
  } else {
    v.Accept(w);
  }
}
}  // namespace

namespace {

// Rebuilds each top-level member's text from SAX events, numbers kept as written.
class RawTexts {
 public:
  explicit RawTexts(std::vector<RawMember>* out) : out_(out), w_(stream_) {}
  bool Null() { return depth_ == 1 ? Scalar("null", false, true) : w_.Null(); }
  bool Bool(bool b) { return depth_ == 1 ? Scalar(b ? "true" : "false", false, false) : w_.Bool(b); }
  bool Int(int) { return false; }  // numbers arrive as RawNumber (kParseNumbersAsStringsFlag)
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    return depth_ == 1 ? Scalar(std::string(s, n), false, false) : w_.RawValue(s, n, rapidjson::kNumberType);
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return depth_ == 1 ? Scalar(std::string(s, n), true, false) : w_.String(s, n);
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ == 1) {
      key_.assign(s, n);
      return true;
    }
    return w_.Key(s, n);
  }
  bool StartObject() { return Open() && (depth_ == 1 || w_.StartObject()); }
  bool EndObject(rapidjson::SizeType n) { return Close([&] { return w_.EndObject(n); }); }
  bool StartArray() {
    if (depth_ == 0) return false;  // the top level must be an object
    return Open() && w_.StartArray();
  }
  bool EndArray(rapidjson::SizeType n) { return Close([&] { return w_.EndArray(n); }); }

 private:
  bool Open() {
    if (depth_ == 1) {
      text_.clear();
      w_.Reset(stream_);
    }
    ++depth_;
    return true;
  }
  template <typename F>
  bool Close(F end) {
    --depth_;
    if (depth_ == 0) return true;
    bool ok = end();
    if (depth_ == 1) out_->push_back({key_, text_, false, false});
    return ok;
  }
  bool Scalar(std::string text, bool isString, bool isNull) {
    out_->push_back({key_, std::move(text), isNull, isString});
    return true;
  }
  std::vector<RawMember>* out_;
  std::string text_, key_;
  StringOut stream_{&text_};
  rapidjson::Writer<StringOut> w_;
  int depth_ = 0;
};

}  // namespace

Status TopLevelTexts(std::string_view objectText, std::vector<RawMember>* out, const Limits& limits) {
  // The structure is checked (depth, duplicate keys) by a normal parse first.
  Document d;
  Status st = Parse(objectText, &d, limits);
  if (!st.ok()) return st;
  if (!d.IsObject()) return Status::Fail(rc::kInvalidInput, "应为JSON对象");
  out->clear();
  RawTexts h(out);
  rapidjson::Reader reader;
  rapidjson::MemoryStream ms(objectText.data(), objectText.size());
  constexpr unsigned kFlags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseIterativeFlag;
  if (reader.Parse<kFlags>(ms, h).IsError()) return Status::Fail(rc::kInvalidInput, "JSON 解析失败");
  return Status::Ok();
}

std::string Canonical(const Value& v) {
  std::string out;
  StringOut stream{&out};
  rapidjson::Writer<StringOut> w(stream);
  WriteCanonical(v, w);
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

std::string_view Utf8Cut(std::string_view s, std::size_t maxBytes) {
  if (s.size() <= maxBytes) return s;
  std::size_t cut = maxBytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

std::string Utf8Prefix(std::string_view s, std::size_t maxChars) {
  std::size_t chars = 0, i = 0;
  while (i < s.size() && chars < maxChars) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  return i >= s.size() ? std::string(s) : std::string(s.substr(0, i)) + "…";
}

std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace onetrans::json
