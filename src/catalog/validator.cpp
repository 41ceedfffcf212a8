// The one validator: walks a request against its catalog entry. Every message names the
// field path, the seed's description of the field and the rule that was broken.
#include <algorithm>
#include <cctype>

#include "catalog/catalog.h"

namespace onetrans::catalog {
namespace {

std::string Label(const std::string& path, const FieldRule& f) {
  return f.desc.empty() ? path : path + "（" + f.desc + "）";
}

// An echoed value: at most 24 characters (whole characters: never a split UTF-8 sequence).
std::string Echo(std::string_view s) { return json::Utf8Prefix(s, 24); }

std::string Describe(const json::Value& v) {
  if (v.IsString()) return "字符串 \"" + Echo(std::string_view(v.GetString(), v.GetStringLength())) + "\"";
  if (v.IsBool()) return "布尔值";
  if (v.IsInt64() || v.IsUint64()) return "整数 " + Echo(json::Serialize(v));
  if (v.IsNumber()) return "小数 " + Echo(json::Serialize(v));
  if (v.IsArray()) return "数组";
  if (v.IsObject()) return "对象";
  return "null";
}

const char* TypeName(Type t) {
  switch (t) {
    case Type::String: return "字符串(string)";
    case Type::Int: return "整数(int)";
    case Type::Number: return "数字(number)";
    case Type::StringOrNumber: return "数字或数字字符串";
    case Type::List: return "数组(list)";
    case Type::Object: return "对象(JSON)";
    case Type::StringOrArray: return "字符串或数组";
    case Type::Any: return "任意JSON";
  }
  return "";
}

bool AllDigits(std::string_view s, std::size_t from = 0) {
  if (s.size() <= from) return false;
  return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(from), s.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

// Checks a date/time string against a pattern made of y M d H m s and literal separators.
bool MatchesDatePattern(std::string_view s, std::string_view pattern) {
  if (s.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (std::isalpha(static_cast<unsigned char>(pattern[i]))) {
      if (s[i] < '0' || s[i] > '9') return false;
    } else if (s[i] != pattern[i]) {
      return false;
    }
  }
  auto num = [&](char c) {
    auto pos = pattern.find(c);
    if (pos == std::string_view::npos) return -1;
    auto end = pattern.find_first_not_of(c, pos);
    return std::atoi(std::string(s.substr(pos, (end == std::string_view::npos ? s.size() : end) - pos)).c_str());
  };
  int M = num('M'), d = num('d'), H = num('H'), m = num('m'), sec = num('s');
  if (M != -1 && (M < 1 || M > 12)) return false;
  if (d != -1 && (d < 1 || d > 31)) return false;
  if (H != -1 && H > 23) return false;
  if (m != -1 && m > 59) return false;
  if (sec != -1 && sec > 59) return false;
  return true;
}

bool IsDecimal(std::string_view s, int precision, int scale) {
  std::size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
  int intDigits = 0, fracDigits = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !point) { point = true; continue; }
    if (s[i] < '0' || s[i] > '9') return false;
    (point ? fracDigits : intDigits)++;
  }
  if (intDigits == 0 || (point && fracDigits == 0)) return false;
  if (precision > 0 && (fracDigits > scale || intDigits + fracDigits > precision)) return false;
  return true;
}

bool IsBase64(std::string_view s) {
  if (s.size() % 4 != 0) return false;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '=') { if (++pad > 2 || i < s.size() - 2) return false; continue; }
    if (pad != 0) return false;
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/')) return false;
  }
  return true;
}

class Walker {
 public:
  // presence=false: only what is there is checked (a handler's failure answer lacks the rest).
  Walker(const Catalog& c, bool presence = true) : catalog_(c), presence_(presence) {}

  Status Object(const std::vector<FieldRule>& rules, const json::Value& obj, const std::string& prefix) {
    for (const auto& f : rules) {
      const json::Value* v = json::Find(obj, f.name.c_str());
      for (std::size_t i = 0; v == nullptr && i < f.aliases.size(); ++i) v = json::Find(obj, f.aliases[i].c_str());
      std::string path = prefix + "." + f.name;
      bool absent = v == nullptr || v->IsNull();
      if (absent || (v->IsString() && v->GetStringLength() == 0)) {
        if (presence_ && f.use == 'M' && (absent || !f.allowEmpty))
          return Fail(Label(path, f) + (absent ? "：必填字段缺失" : "：必填字段不能为空字符串"));
        continue;
      }
      Status st = Field(f, *v, path);
      if (!st.ok()) return st;
    }
    return Status::Ok();
  }

 private:
  static Status Fail(std::string message) { return Status::Fail(rc::kInvalidInput, std::move(message)); }

  Status Field(const FieldRule& f, const json::Value& v, const std::string& path) {
    switch (f.type) {
      case Type::Any: return Status::Ok();
      case Type::Int: return Int(f, v, path);
      case Type::String: return String(f, v, path);
      case Type::Number:
        if (v.IsNumber()) return Number(f, v, path);
        break;
      case Type::StringOrNumber:
        if (v.IsString()) return String(f, v, path);
        if (v.IsNumber()) return Number(f, v, path);
        break;
      case Type::StringOrArray:
        if (v.IsString()) return String(f, v, path);
        if (v.IsArray()) {
          for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
            if (!v[i].IsString())
              return Fail(Label(path, f) + "[" + std::to_string(i) + "]：类型应为字符串，实际为" + Describe(v[i]));
          }
          return Status::Ok();
        }
        break;
      case Type::Object:
        if (v.IsObject()) return Object(f.fields, v, path);
        break;
      case Type::List:
        if (v.IsArray()) {
          if (presence_ && f.use == 'M' && v.Empty()) return Fail(Label(path, f) + "：必填列表不能为空");
          for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
            std::string item = path + "[" + std::to_string(i) + "]";
            if (!v[i].IsObject()) return Fail(item + "：列表元素应为JSON对象，实际为" + Describe(v[i]));
            Status st = Object(f.fields, v[i], item);
            if (!st.ok()) return st;
          }
          return Status::Ok();
        }
        break;
    }
    return Fail(Label(path, f) + "：类型应为" + TypeName(f.type) + "，实际为" + Describe(v));
  }

  Status Int(const FieldRule& f, const json::Value& v, const std::string& path) {
    if (!(v.IsInt64() || v.IsUint64()))
      return Fail(Label(path, f) + "：类型应为整数(int，金额以分为单位)，实际为" + Describe(v));
    if (v.IsInt64() && v.GetInt64() < 0) return Fail(Label(path, f) + "：不能为负数，实际为" + json::Serialize(v));
    std::string digits = json::Serialize(v);
    if (f.maxLen != 0 && digits.size() > f.maxLen)
      return Fail(Label(path, f) + "：最多" + std::to_string(f.maxLen) + "位数字，实际为" + digits);
    return Status::Ok();
  }

  // A JSON number: its text obeys the same length and format rules as a numeric string.
  Status Number(const FieldRule& f, const json::Value& v, const std::string& path) {
    std::string text = json::Serialize(v);
    if (f.maxLen != 0 && text.size() > f.maxLen)
      return Fail(Label(path, f) + "：最多" + std::to_string(f.maxLen) + "个字符，实际为" + Echo(text));
    return Format(f, text, path);
  }

  Status String(const FieldRule& f, const json::Value& v, const std::string& path) {
    if (!v.IsString()) return Fail(Label(path, f) + "：类型应为字符串(string)，实际为" + Describe(v));
    std::string_view s(v.GetString(), v.GetStringLength());
    std::size_t n = json::Utf8Length(s);
    if (f.maxLen != 0 && n > f.maxLen) {
      std::string rule = f.minLen != 0 ? std::to_string(f.minLen) + "至" + std::to_string(f.maxLen) : "至多" + std::to_string(f.maxLen);
      return Fail(Label(path, f) + "：长度应为" + rule + "个字符，实际为" + std::to_string(n));
    }
    if (f.minLen != 0 && n < f.minLen)
      return Fail(Label(path, f) + "：长度应为" + std::to_string(f.minLen) + "至" + std::to_string(f.maxLen) +
                  "个字符，实际为" + std::to_string(n));
    if (!f.values.empty()) {
      bool found = std::any_of(f.values.begin(), f.values.end(), [&](const std::string& a) {
        if (!f.valuesIgnoreCase) return a == s;
        return a.size() == s.size() && std::equal(a.begin(), a.end(), s.begin(), [](char x, char y) {
                 return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
               });
      });
      if (!found) {
        std::string allowed;
        for (const auto& a : f.values) allowed += (allowed.empty() ? "" : "、") + a;
        return Fail(Label(path, f) + "：取值 \"" + Echo(s) + "\" 不在允许范围内（" + allowed + "）");
      }
    }
    if (!f.enumDict.empty()) {
      const auto* dict = catalog_.Dictionary(f.enumDict);
      if (dict != nullptr && dict->find(std::string(s)) == dict->end())
        return Fail(Label(path, f) + "：取值 \"" + Echo(s) + "\" 不在字典 " + f.enumDict + " 中");
    }
    return Format(f, s, path);
  }

  Status Format(const FieldRule& f, std::string_view s, const std::string& path) {
    const std::string& fmt = f.format;
    if (fmt.empty()) return Status::Ok();
    bool ok = true;
    std::string rule;
    if (fmt == "digits") {
      ok = AllDigits(s, s[0] == '-' ? 1 : 0);
      rule = "应为整数字符串（单位：分）";
    } else if (fmt == "decimal") {
      ok = IsDecimal(s, f.precision, f.scale);
      rule = f.precision > 0 ? "应为数字，至多" + std::to_string(f.precision) + "位有效数字、" + std::to_string(f.scale) + "位小数"
                             : "应为数字";
    } else if (fmt == "yuan") {
      ok = IsDecimal(s, 0, 0) && s[0] != '-' && (s.find('.') == std::string_view::npos || s.size() - s.find('.') <= 3);
      rule = "应为以元为单位的金额字符串，至多2位小数";
    } else if (fmt == "json") {
      json::Document d;
      ok = json::Parse(s, &d).ok() && d.IsObject();
      rule = "应为JSON对象格式的字符串";
    } else if (fmt == "idList") {
      ok = s.front() != ',' && s.back() != ',' && s.find(",,") == std::string_view::npos;
      rule = "应为英文逗号分隔的订单号列表";
    } else if (fmt == "base64") {
      ok = IsBase64(s);
      rule = "应为Base64编码";
    } else {
      ok = MatchesDatePattern(s, fmt);
      rule = "格式应为 " + fmt;
    }
    if (ok) return Status::Ok();
    return Fail(Label(path, f) + "：" + rule + "，实际为 \"" + Echo(s) + "\"");
  }

  const Catalog& catalog_;
  bool presence_;
};

}  // namespace

namespace {

bool Present(const json::Value& data, const std::string& name) {
  const json::Value* v = json::Find(data, name.c_str());
  return v != nullptr && !v->IsNull() && !(v->IsString() && v->GetStringLength() == 0);
}

Status CheckRules(const std::vector<ConditionalRule>& rules, const std::vector<FieldRule>& fields, const json::Value& data,
                  const std::string& prefix) {
  auto ruleFor = [&](const std::string& name) -> const FieldRule* {
    for (const auto& f : fields)
      if (f.name == name) return &f;
    return nullptr;
  };
  for (const auto& r : rules) {
    std::string value;
    const json::Value* v = json::Find(data, r.field.c_str());
    if (v == nullptr || !json::ScalarText(*v, &value) || value != r.equals) continue;
    auto fail = [&](const std::string& name) {
      const FieldRule* f = ruleFor(name);
      return Status::Fail(rc::kInvalidInput, prefix + "." + name + (f ? "（" + f->desc + "）" : "") + "：" + r.why);
    };
    for (const auto& name : r.require)
      if (!Present(data, name)) return fail(name);
    for (const auto& name : r.forbid)
      if (Present(data, name)) return fail(name);
  }
  return Status::Ok();
}

}  // namespace

Status Catalog::Validate(const Interface& itf, const json::Value& data) const {
  if (!data.IsObject()) return Status::Fail(rc::kInvalidInput, "data：业务参数应为JSON对象");
  Status st = Walker(*this).Object(itf.request, data, "data");
  if (!st.ok()) return st;
  return CheckRules(itf.rules, itf.request, data, "data");
}

Status Catalog::ValidateResponse(const Interface& itf, const json::Value& data, const std::string& prefix,
                                 bool requirePresence) const {
  if (!data.IsObject()) return Status::Fail(rc::kInvalidInput, prefix + "：应答应为JSON对象");
  Status st = Walker(*this, requirePresence).Object(itf.response, data, prefix);
  if (!st.ok() || !requirePresence) return st;
  return CheckRules(itf.responseRules, itf.response, data, prefix);
}

}  // namespace onetrans::catalog
