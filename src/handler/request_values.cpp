#include "handler/request_values.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>

namespace onetrans::handler {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

bool SameName(const json::Value& key, const std::string& name) {
  if (key.GetStringLength() != name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(key.GetString()[i])) != std::tolower(static_cast<unsigned char>(name[i])))
      return false;
  return true;
}

// The member of `obj` called `name`, exactly or else ignoring case; its index for the twin parse.
const json::Value* Member(const json::Value* obj, const std::string& name, std::size_t* index) {
  if (obj == nullptr || !obj->IsObject()) return nullptr;
  const json::Value* loose = nullptr;
  std::size_t i = 0;
  for (auto m = obj->MemberBegin(); m != obj->MemberEnd(); ++m, ++i) {
    if (m->name.GetStringLength() == name.size() && name.compare(0, name.size(), m->name.GetString(), name.size()) == 0) {
      *index = i;
      return &m->value;
    }
    if (loose == nullptr && SameName(m->name, name)) {
      loose = &m->value;
      *index = i;
    }
  }
  return loose;
}

// Compact JSON of `typed`, its numbers written as `raw` (the same text, numbers as strings) has them.
void WriteExact(Writer& w, const json::Value& typed, const json::Value* raw) {
  if (typed.IsNumber() && raw != nullptr && raw->IsString()) {
    w.RawValue(raw->GetString(), raw->GetStringLength(), rapidjson::kNumberType);
  } else if (typed.IsArray()) {
    w.StartArray();
    for (rapidjson::SizeType i = 0; i < typed.Size(); ++i)
      WriteExact(w, typed[i], raw != nullptr && raw->IsArray() && i < raw->Size() ? &(*raw)[i] : nullptr);
    w.EndArray();
  } else if (typed.IsObject()) {
    w.StartObject();
    bool twin = raw != nullptr && raw->IsObject() && raw->MemberCount() == typed.MemberCount();
    auto r = twin ? raw->MemberBegin() : json::Value::ConstMemberIterator();
    for (auto m = typed.MemberBegin(); m != typed.MemberEnd(); ++m) {
      w.Key(m->name.GetString(), m->name.GetStringLength());
      WriteExact(w, m->value, twin ? &r->value : nullptr);
      if (twin) ++r;
    }
    w.EndObject();
  } else {
    typed.Accept(w);
  }
}

}  // namespace

odbc::Param RequestValues::One(const std::string& name) const {
  std::size_t index = 0;
  const json::Value* v = Member(data_, name, &index);
  if (v == nullptr || v->IsNull()) return odbc::Param::Null();
  const json::Value* raw = nullptr;
  if (raw_ != nullptr && raw_->IsObject() && index < raw_->MemberCount()) raw = &(raw_->MemberBegin() + index)->value;
  if (v->IsString() || v->IsBool()) {
    std::string text;
    (void)json::ScalarText(*v, &text);
    return odbc::Param::Text(std::move(text));
  }
  rapidjson::StringBuffer out;
  Writer w(out);
  WriteExact(w, *v, raw);
  return odbc::Param::Text(std::string(out.GetString(), out.GetSize()));
}

std::vector<odbc::Param> RequestValues::For(const std::vector<std::string>& names) const {
  std::vector<odbc::Param> out;
  out.reserve(names.size());
  for (const auto& n : names) out.push_back(One(n));
  return out;
}

}  // namespace onetrans::handler
