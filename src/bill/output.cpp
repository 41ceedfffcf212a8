#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "bill/bill.h"

namespace onetrans::bill {

std::string ToJson(const Bill& b) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](const std::string& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); };
  w.StartObject();
  w.Key("file");
  str(b.file);
  w.Key("columns");
  w.StartArray();
  for (const auto& c : b.columns) str(c);
  w.EndArray();
  w.Key("rows");
  w.StartArray();
  for (const auto& row : b.rows) {
    w.StartObject();
    for (std::size_t i = 0; i < row.size() && i < b.columns.size(); ++i) {
      w.Key(b.columns[i].c_str(), static_cast<rapidjson::SizeType>(b.columns[i].size()));
      str(row[i]);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("summary");
  w.StartObject();
  for (const auto& [k, v] : b.summary) {
    w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
    str(v);
  }
  w.EndObject();
  w.Key("warnings");
  w.StartArray();
  for (const auto& x : b.warnings) str(x);
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

std::string ToCsv(const Bill& b) {
  // Excel-friendly: a BOM so it reads UTF-8, every field quoted.
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < b.columns.size(); ++i) out += (i ? "," : "") + quote(b.columns[i]);
  out += "\r\n";
  for (const auto& row : b.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + quote(row[i]);
    out += "\r\n";
  }
  return out;
}

}  // namespace onetrans::bill
