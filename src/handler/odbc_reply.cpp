#include "handler/odbc_reply.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <charconv>
#include <optional>

namespace onetrans::handler {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using catalog::FieldRule;
using catalog::Type;

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool Names(const FieldRule& f, std::string_view name) {
  if (SameName(f.name, name)) return true;
  for (const auto& alias : f.aliases)
    if (SameName(alias, name)) return true;
  return false;
}

// One value as the database gave it: a column's cell, or a member of JSON text read from one
// (parsed with numbers as their text, so 12.50 stays 12.50).
struct Source {
  const odbc::Cell* cell = nullptr;
  bool numericColumn = false;
  const json::Value* json = nullptr;
  bool null() const { return cell != nullptr ? cell->null : json->IsNull(); }
};

// What fills one object: a result row, or a JSON object from a column.
struct Record {
  const std::vector<odbc::Column>* columns = nullptr;
  const std::vector<odbc::Cell>* row = nullptr;
  const json::Value* object = nullptr;

  std::optional<Source> Find(const FieldRule& f) const {
    if (object != nullptr) {
      for (auto m = object->MemberBegin(); m != object->MemberEnd(); ++m)
        if (Names(f, std::string_view(m->name.GetString(), m->name.GetStringLength()))) return Source{nullptr, false, &m->value};
      return std::nullopt;
    }
    for (std::size_t i = 0; i < columns->size(); ++i)
      if (Names(f, (*columns)[i].name)) return Source{&(*row)[i], (*columns)[i].numeric(), nullptr};
    return std::nullopt;
  }
};

class Builder {
 public:
  explicit Builder(Writer& w) : w_(w) {}

  Status Fields(const std::vector<FieldRule>& fields, const Record& rec, const std::string& path) {
    for (const auto& f : fields) {
      Status st = Field(f, rec, path);
      if (!st.ok()) return st;
    }
    return Status::Ok();
  }

  Status Field(const FieldRule& f, const Record& rec, const std::string& path) {
    std::optional<Source> s = rec.Find(f);
    if (!s || s->null()) return Status::Ok();
    w_.Key(f.name.c_str(), static_cast<rapidjson::SizeType>(f.name.size()));
    return Value(f, *s, path + "." + f.name);
  }

 private:
  Status Value(const FieldRule& f, const Source& s, const std::string& path) {
    switch (f.type) {
      case Type::List:
      case Type::Object:
        return Nested(f, s, path);
      case Type::Int:
        return Integer(Scalar(s), f, path);
      case Type::Number:
        return Number(Scalar(s), f, path);
      case Type::Any:
      case Type::StringOrArray:
        if (s.json != nullptr && (s.json->IsArray() || s.json->IsObject())) return Raw(*s.json);
        if (s.numericColumn && f.type == Type::Any) return Number(Scalar(s), f, path);
        break;
      case Type::String:
      case Type::StringOrNumber:
        break;
    }
    std::string text = Scalar(s);
    w_.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    return Status::Ok();
  }

  // A value's text: a cell as the driver gave it (".5" read as "0.5"), JSON scalars as their
  // text, arrays and objects as compact JSON.
  static std::string Scalar(const Source& s) {
    if (s.cell != nullptr) {
      const std::string& t = s.cell->text;
      if (s.numericColumn && !t.empty() && t[0] == '.') return "0" + t;
      if (s.numericColumn && t.size() > 1 && t[0] == '-' && t[1] == '.') return "-0" + t.substr(1);
      return t;
    }
    std::string out;
    if (!json::ScalarText(*s.json, &out)) out = json::Serialize(*s.json);
    return out;
  }

  static Status Wrong(const FieldRule& f, const std::string& path, const std::string& text, const char* want) {
    return Status::Fail(rc::kInternal, "数据库结果 " + path + "（" + f.desc + "）的值 \"" + json::Utf8Prefix(text, 24) + "\" " + want);
  }

  Status Integer(const std::string& text, const FieldRule& f, const std::string& path) {
    // "12" or "12.00" (a DECIMAL column holding a whole number), nothing else.
    std::size_t point = text.find('.');
    std::string_view whole(text.data(), point == std::string::npos ? text.size() : point);
    bool zeros = point == std::string::npos || text.find_first_not_of('0', point + 1) == std::string::npos;
    long long n = 0;
    auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), n);
    if (!zeros || whole.empty() || ec != std::errc() || end != whole.data() + whole.size() || (whole[0] == '-' && whole.size() == 1))
      return Wrong(f, path, text, "不是整数");
    w_.Int64(n);
    return Status::Ok();
  }

  // Written as the database wrote it, once checked to be a JSON number: never through a double.
  Status Number(const std::string& text, const FieldRule& f, const std::string& path) {
    if (text.empty()) return Wrong(f, path, text, "不是数字");
    std::size_t i = 0;
    auto digits = [&] {
      std::size_t from = i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      return i > from;
    };
    if (i < text.size() && text[i] == '-') ++i;
    bool ok = digits();
    if (ok && i < text.size() && text[i] == '.') ok = (++i, digits());
    if (ok && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
      ++i;
      if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
      ok = digits();
    }
    std::size_t start = text[0] == '-' ? 1 : 0;
    if (ok && text.size() > start + 1 && text[start] == '0' && std::isdigit(static_cast<unsigned char>(text[start + 1]))) ok = false;
    if (!ok || i != text.size()) return Wrong(f, path, text, "不是数字");
    w_.RawValue(text.data(), text.size(), rapidjson::kNumberType);
    return Status::Ok();
  }

  Status Raw(const json::Value& v) {
    v.Accept(w_);
    return Status::Ok();
  }

  // A list / object: JSON text in a column, or already JSON inside one.
  Status Nested(const FieldRule& f, const Source& s, const std::string& path) {
    json::Document doc;
    const json::Value* v = s.json;
    if (s.cell != nullptr) {
      doc.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(
          s.cell->text.data(), s.cell->text.size());
      if (doc.HasParseError()) return Wrong(f, path, s.cell->text, "不是JSON");
      v = &doc;
    }
    bool list = f.type == Type::List;
    if (list ? !v->IsArray() : !v->IsObject()) return Wrong(f, path, Scalar(s), list ? "不是JSON数组" : "不是JSON对象");
    if (!list) return Object(f, *v, path);
    w_.StartArray();
    std::size_t i = 0;
    for (const auto& item : v->GetArray()) {
      std::string at = path + "[" + std::to_string(i++) + "]";
      if (!item.IsObject()) return Wrong(f, at, json::Serialize(item), "不是JSON对象");
      Status st = Object(f, item, at);
      if (!st.ok()) return st;
    }
    w_.EndArray();
    return Status::Ok();
  }

  Status Object(const FieldRule& f, const json::Value& obj, const std::string& path) {
    w_.StartObject();
    Status st = Fields(f.fields, Record{nullptr, nullptr, &obj}, path);
    w_.EndObject();
    return st;
  }

  Writer& w_;
};

// The one row a head or one-row statement must return.
Result<Record> OnlyRow(const odbc::Rows& rows, const std::string& what) {
  if (rows.rows.size() != 1)
    return Status::Fail(rc::kInternal, what + (rows.rows.empty() ? "没有返回结果行" : "返回了 " + std::to_string(rows.rows.size()) + " 行（应只返回一行）"));
  return Record{&rows.columns, &rows.rows[0], nullptr};
}

// A list API without a head statement answers success where its response has a code.
void DefaultField(Writer& w, const FieldRule& f) {
  const char* value = nullptr;
  if (f.name == "retCode" || f.name == "ret_code") value = "00";
  if (f.name == "retMsg" || f.name == "out_retMsg" || f.name == "ret_msg") value = "成功";
  if (value == nullptr) return;
  w.Key(f.name.c_str(), static_cast<rapidjson::SizeType>(f.name.size()));
  w.String(value);
}

}  // namespace

Result<std::string> ReplyFromRows(const catalog::Interface& itf, const odbc::Rows& main, const odbc::Rows* head) {
  rapidjson::StringBuffer out;
  Writer w(out);
  Builder b(w);
  w.StartObject();
  w.Key("data");
  w.StartObject();
  const std::string& list = itf.inboundRules.list;
  if (list.empty()) {
    auto row = OnlyRow(main, itf.code + " 的语句");
    if (!row.ok()) return row.status;
    Status st = b.Fields(itf.response, row.value, "data");
    if (!st.ok()) return st;
  } else {
    std::optional<Record> headRow;
    if (head != nullptr) {
      auto row = OnlyRow(*head, itf.code + ".head 的语句");
      if (!row.ok()) return row.status;
      headRow = row.value;
    }
    for (const auto& f : itf.response) {
      if (f.name == list) {
        w.Key(f.name.c_str(), static_cast<rapidjson::SizeType>(f.name.size()));
        w.StartArray();
        for (std::size_t i = 0; i < main.rows.size(); ++i) {
          w.StartObject();
          Status st = b.Fields(f.fields, Record{&main.columns, &main.rows[i], nullptr}, "data." + list + "[" + std::to_string(i) + "]");
          if (!st.ok()) return st;
          w.EndObject();
        }
        w.EndArray();
      } else if (headRow) {
        Status st = b.Field(f, *headRow, "data");
        if (!st.ok()) return st;
      } else {
        DefaultField(w, f);
      }
    }
  }
  w.EndObject();
  w.EndObject();
  return std::string(out.GetString(), out.GetSize());
}

}  // namespace onetrans::handler
