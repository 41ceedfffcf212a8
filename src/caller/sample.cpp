#include "caller/sample.h"

#include <ctime>

#include "core/clock.h"
#include "crypto/crypto.h"

namespace onetrans::caller {
namespace {

using catalog::FieldRule;
using catalog::Type;

// The seed's date patterns (y M d H m s) as strftime's.
std::string DateLike(const std::string& pattern) {
  std::string fmt;
  for (std::size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    std::size_t run = pattern.find_first_not_of(c, i);
    std::size_t n = (run == std::string::npos ? pattern.size() : run) - i;
    switch (c) {
      case 'y': fmt += "%Y"; break;
      case 'M': fmt += "%m"; break;
      case 'd': fmt += "%d"; break;
      case 'H': fmt += "%H"; break;
      case 'm': fmt += "%M"; break;
      case 's': fmt += "%S"; break;
      default: fmt += std::string(n, c); break;
    }
    i += n;
  }
  return clock::Format(fmt.c_str());
}

bool IsDatePattern(const std::string& f) { return f.find("yyyy") != std::string::npos || f == "HHmmss"; }

bool Has(const std::string& text, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (text.find(w) != std::string::npos) return true;
  return false;
}

// A realistic value for a free-text field from what the seed says it is (amounts, dates,
// departments, diagnoses …); "" when the description says nothing useful.
std::string FromDescription(const FieldRule& f) {
  std::string d = f.desc.substr(0, f.desc.find("（"));
  if (Has(d, {"金额", "余额", "总额", "支付额"})) return "1.00";
  if (Has(d, {"时间"}) && (f.maxLen == 0 || f.maxLen >= 14)) return clock::Format("%Y%m%d%H%M%S");
  if (Has(d, {"日期"}) && (f.maxLen == 0 || f.maxLen >= 8)) return clock::Format("%Y%m%d");
  if (Has(d, {"科室"})) return "内科";
  if (Has(d, {"诊断名称", "疾病名称"})) return "急性上呼吸道感染";
  if (Has(d, {"医院名称", "机构名称"})) return "清远市人民医院";
  if (Has(d, {"医生", "医师"}) && Has(d, {"姓名", "名称"})) return "李医生";
  if (Has(d, {"操作员"}) && Has(d, {"姓名", "名称"})) return "收费员";
  if (Has(d, {"说明", "信息", "描述", "备注"})) return "处理成功";
  return "";
}

// A value cut to the field's length in characters, or padded to its minimum.
std::string Fit(std::string v, const FieldRule& f) {
  if (f.maxLen != 0 && json::Utf8Length(v) > f.maxLen) {
    std::size_t i = 0, chars = 0;
    while (i < v.size() && chars < f.maxLen) {
      ++i;
      while (i < v.size() && (static_cast<unsigned char>(v[i]) & 0xC0) == 0x80) ++i;
      ++chars;
    }
    v.resize(i);
  }
  while (json::Utf8Length(v) < f.minLen) v += "0";
  return v;
}

// "list.field" overrides: the fields of a list's (one) item or of an object.
std::map<std::string, std::string> Nested(const std::map<std::string, std::string>& overrides, const std::string& name) {
  std::map<std::string, std::string> nested;
  std::string prefix = name + ".";
  for (auto it = overrides.lower_bound(prefix); it != overrides.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
    nested[it->first.substr(prefix.size())] = it->second;
  return nested;
}

class Builder {
 public:
  Builder(const catalog::Catalog& c, json::Allocator& a) : catalog_(c), a_(a) {}

  json::Value Object(const std::vector<FieldRule>& fields, const std::vector<catalog::ConditionalRule>& rules,
                     const std::map<std::string, std::string>* overrides) {
    json::Value obj(rapidjson::kObjectType);
    for (const auto& f : fields) {
      bool wanted = f.use == 'M' || (overrides != nullptr && (overrides->count(f.name) != 0 || !Nested(*overrides, f.name).empty()));
      if (!wanted) continue;
      obj.AddMember(json::Str(f.name, a_), Field(f, overrides), a_);
    }
    // Conditional rules: what the chosen values require, too.
    for (const auto& r : rules) {
      std::string value = json::Text(obj, r.field.c_str());
      if (value.empty() || value != r.equals) continue;
      for (const auto& name : r.require) {
        if (json::Find(obj, name.c_str()) != nullptr) continue;
        for (const auto& f : fields)
          if (f.name == name) obj.AddMember(json::Str(f.name, a_), Field(f, overrides), a_);
      }
    }
    return obj;
  }

 private:
  json::Value Field(const FieldRule& f, const std::map<std::string, std::string>* overrides) {
    if (overrides != nullptr) {
      auto it = overrides->find(f.name);
      if (it != overrides->end()) {
        // Text fields take the text as it is (an ID number stays a string); the others a JSON value.
        if (f.type == Type::String || f.type == Type::StringOrNumber) return json::Str(it->second, a_);
        json::Document d(&a_);
        if (json::Parse(it->second, &d).ok()) return json::Value(d, a_);
        return json::Str(it->second, a_);
      }
    }
    std::map<std::string, std::string> nested;
    if (overrides != nullptr) nested = Nested(*overrides, f.name);
    switch (f.type) {
      case Type::List: {
        json::Value list(rapidjson::kArrayType);
        list.PushBack(Object(f.fields, {}, &nested), a_);
        return list;
      }
      case Type::Object: return Object(f.fields, {}, &nested);
      case Type::Int: return json::Value(1);
      case Type::Number: return json::Value(1.5);
      case Type::Any: return json::Str("", a_);
      default: break;
    }
    return json::Str(Text(f), a_);
  }

  std::string Text(const FieldRule& f) {
    if (!f.values.empty()) return f.values.front();
    // An open dictionary named after the field (一帐通 retCode: "00 处理成功 … 其他错误码") is not
    // enforced, but its success code is still the realistic value.
    const std::string& dictName = !f.enumDict.empty() ? f.enumDict : f.name;
    if (const auto* dict = catalog_.Dictionary(dictName); dict != nullptr && !dict->empty()) {
      // A success where the dictionary has one (result succ, ret_code 00), else its first code.
      for (const char* good : {"succ", "00", "0000", "SUCCESS", "01"})
        if (dict->count(good)) return good;
      return dict->begin()->first;
    }
    const std::string& fmt = f.format;
    if (IsDatePattern(fmt)) return DateLike(fmt);
    if (fmt == "yuan" || fmt == "decimal") return "1.00";
    if (fmt == "digits") return "100";
    if (fmt == "json") return "{}";
    if (fmt == "base64") return "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    if (fmt == "idList") return "ID" + crypto::RandomAlnum(8);
    if (f.pii == "idNo") return Fit("441802198708081050", f);
    if (f.pii == "name") return Fit("张三", f);
    if (f.pii == "phone") return Fit("13800000000", f);
    if (f.pii == "card") return Fit("6222021234567890", f);
    if (f.pii == "address") return Fit("广东省清远市清城区", f);
    if (std::string v = FromDescription(f); !v.empty()) return Fit(v, f);
    std::size_t len = f.maxLen != 0 ? std::min<std::size_t>(f.maxLen, 16) : 16;
    len = std::max(len, f.minLen);
    return crypto::RandomAlnum(len);
  }

  const catalog::Catalog& catalog_;
  json::Allocator& a_;
};

}  // namespace

std::string Sample(const catalog::Catalog& c, const catalog::Interface& itf, Side side,
                   const std::map<std::string, std::string>& overrides) {
  json::Document d;
  Builder b(c, d.GetAllocator());
  const auto& fields = side == Side::Request ? itf.request : itf.response;
  const auto& rules = side == Side::Request ? itf.rules : itf.responseRules;
  json::Value obj = b.Object(fields, rules, &overrides);
  return json::Serialize(obj);
}

}  // namespace onetrans::caller
