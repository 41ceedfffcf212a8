#include "core/outcome.h"

namespace onetrans {

const char* OriginName(Origin origin) { return origin == Origin::kPlatform ? "platform" : "local"; }

Output::Output(int businessCode, std::string_view message, Origin origin) : message_(message), w_(buf_) {
  w_.StartObject();
  Int("code", businessCode);
  Str("message", message);
  Str("origin", OriginName(origin));
}

void Output::Key(std::string_view key) { w_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size())); }

Output& Output::Str(std::string_view key, std::string_view value) {
  Key(key);
  w_.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  return *this;
}

Output& Output::Int(std::string_view key, long long value) {
  Key(key);
  w_.Int64(value);
  return *this;
}

Output& Output::Bool(std::string_view key, bool value) {
  Key(key);
  w_.Bool(value);
  return *this;
}

Output& Output::Value(std::string_view key, const json::Value* v) {
  Key(key);
  if (v != nullptr) {
    v->Accept(w_);
  } else {
    w_.Null();
  }
  return *this;
}

Output& Output::Raw(std::string_view key, std::string_view jsonText) {
  Key(key);
  w_.RawValue(jsonText.data(), jsonText.size(), rapidjson::kObjectType);
  return *this;
}

Outcome Output::Finish(int returnCode, Origin origin) {
  w_.EndObject();
  return Outcome{returnCode, origin, std::string(buf_.GetString(), buf_.GetSize()), std::move(message_)};
}

Outcome LocalFailure(const Status& st, bool timedOut) {
  int code = st.code == rc::kInvalidInput ? -2 : timedOut ? -3 : -1;
  return Output(code, st.message, Origin::kLocal).Value("data", nullptr).Finish(st.code, Origin::kLocal);
}

}  // namespace onetrans
