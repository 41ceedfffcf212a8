// Small JSON object builder for the sandbox's business answers.
#pragma once
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace onetrans::sandbox {

class JsonOut {
 public:
  JsonOut() : w_(buf_) { w_.StartObject(); }
  JsonOut& s(const char* k, std::string_view v) {
    w_.Key(k);
    w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    return *this;
  }
  JsonOut& i(const char* k, std::int64_t v) {
    w_.Key(k);
    w_.Int64(v);
    return *this;
  }
  JsonOut& beginList(const char* k) { w_.Key(k); w_.StartArray(); return *this; }
  JsonOut& endList() { w_.EndArray(); return *this; }
  JsonOut& beginItem() { w_.StartObject(); return *this; }
  JsonOut& endItem() { w_.EndObject(); return *this; }
  std::string str() {
    w_.EndObject();
    return std::string(buf_.GetString(), buf_.GetSize());
  }

 private:
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

}  // namespace onetrans::sandbox
