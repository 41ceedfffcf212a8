// What one call produces for the host: the return code, who decided it, and the output JSON
// (UTF-8). Every output object of the library is written by Output, in one shape:
//   {"code": <n>, "message": "…", "origin": "local"|"platform", <platform fields…>, "data": …}
#pragma once
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>

#include "core/json.h"
#include "core/status.h"

namespace onetrans {

// "local": OneTrans decided the code (nothing was sent, or nothing verified came back);
// "platform": the code is the platform's verified answer. A platform's 000105 (received,
// rejected) and OneTrans's 000105 (nothing sent) differ only here.
enum class Origin { kLocal, kPlatform };
const char* OriginName(Origin origin);

struct Outcome {
  int code = 0;  // the return value: "000000" -> 0; a platform's six-digit code passes through
  Origin origin = Origin::kLocal;
  std::string json;
  std::string message;  // the output's "message" (what OneTrans_LastError reports)
};

class Output {
 public:
  Output(int businessCode, std::string_view message, Origin origin);
  Output& Str(std::string_view key, std::string_view value);
  Output& Int(std::string_view key, long long value);
  Output& Bool(std::string_view key, bool value);
  // The value, or null when v is null.
  Output& Value(std::string_view key, const json::Value* v);
  // Serialized JSON text, written as it is (it must be valid JSON).
  Output& Raw(std::string_view key, std::string_view jsonText);
  Outcome Finish(int returnCode, Origin origin);
  Outcome Finish(Code returnCode, Origin origin) { return Finish(static_cast<int>(returnCode), origin); }

 private:
  void Key(std::string_view key);
  std::string message_;
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

// {"code": n, "message": "…", "origin": "local", "data": null} for failures decided locally.
// The output code follows the vendor's application-level table: -2 (请求参数异常) for rejected
// input, -3 (超时) for timeouts, -1 otherwise.
Outcome LocalFailure(const Status& st, bool timedOut = false);

}  // namespace onetrans
