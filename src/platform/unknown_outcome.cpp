#include "platform/unknown_outcome.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace onetrans::platform {

namespace {

template <typename Writer>
void WriteQuery(Writer& w, const char* idKey, const catalog::UnknownOutcome& u, const json::Value& requestData) {
  auto str = [&w](const char* k, const std::string& v) { json::WriteField(w, k, v); };
  w.StartObject();
  str(idKey, u.query);
  w.Key("data");
  w.StartObject();
  for (const auto& field : u.carry) {
    std::string text;
    const json::Value* v = json::Find(requestData, field.c_str());
    if (v != nullptr && json::ScalarText(*v, &text) && !text.empty()) str(field.c_str(), text);
  }
  for (const auto& [k, v] : u.set) str(k.c_str(), v);
  w.EndObject();
  w.EndObject();
}

}  // namespace

std::string QueryRequest(const char* idKey, const catalog::UnknownOutcome& u, const json::Value& requestData) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  WriteQuery(w, idKey, u, requestData);
  return std::string(buf.GetString(), buf.GetSize());
}

Outcome OutcomeUnknown(const char* idKey, const std::string& idValue, const char* seqKey, const std::string& seqValue,
                       const catalog::UnknownOutcome& u, const json::Value& requestData, const std::string& why) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](const char* k, const std::string& v) { json::WriteField(w, k, v); };
  w.StartObject();
  w.Key("code");
  w.Int(-1);
  str("message", "交易结果未知：" + why + "。请勿重复发起，请用 " + u.query + " 查询后再处理");
  str(idKey, idValue);
  if (seqKey != nullptr && !seqValue.empty()) str(seqKey, seqValue);
  w.Key("data");
  w.Null();
  w.Key("query");
  WriteQuery(w, idKey, u, requestData);
  w.EndObject();
  return Outcome{rc::kOutcomeUnknown, std::string(buf.GetString(), buf.GetSize())};
}

}  // namespace onetrans::platform
