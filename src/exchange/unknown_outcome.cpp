#include "exchange/unknown_outcome.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace onetrans::exchange {

std::string QueryRequest(const char* idKey, const catalog::UnknownOutcome& u, const json::Value& requestData) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  json::WriteField(w, idKey, u.query);
  w.Key("data");
  w.StartObject();
  for (const auto& field : u.carry) {
    std::string text;
    const json::Value* v = json::Find(requestData, field.c_str());
    if (v != nullptr && json::ScalarText(*v, &text) && !text.empty()) json::WriteField(w, field, text);
  }
  for (const auto& [k, v] : u.set) json::WriteField(w, k, v);
  w.EndObject();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

Outcome OutcomeUnknown(const char* idKey, const std::string& idValue, const char* seqKey, const std::string& seqValue,
                       const std::string& queryName, const std::string& query, const std::string& why) {
  Output out(-1, "交易结果未知：" + why + "。请勿重复发起，请用 " + queryName + " 查询后再处理", Origin::kLocal);
  out.Str(idKey, idValue);
  if (seqKey != nullptr && !seqValue.empty()) out.Str(seqKey, seqValue);
  out.Value("data", nullptr);
  out.Raw("query", query);
  return out.Finish(rc::kOutcomeUnknown, Origin::kLocal);
}

}  // namespace onetrans::exchange
