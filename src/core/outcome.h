// What one MobileTrans call produces: the return code and the output JSON (UTF-8).
#pragma once
#include <string>

#include "core/status.h"

namespace onetrans {

struct Outcome {
  std::string code = rc::kOk;
  std::string json;
};

// {"code": <n>, "message": "...", "data": null} for failures decided locally. The output
// code follows the vendor's application-level table: -2 (请求参数异常) for rejected input,
// -3 (超时) for timeouts, -1 otherwise.
Outcome LocalFailure(const Status& st, bool timedOut = false);

}  // namespace onetrans
