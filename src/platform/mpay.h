// 医保移动支付 公众号 wire profile (PROTOCOL.md §9.1): the request body is the P_JSON object
// (keys trimmed of surrounding blanks — the seed's own example writes " payAuthNo "); the reply
// is {"CODE":0,"MSG":"","DATA":{…}}, an error {"CODE":-1,"MSG":"<why>"}.
#pragma once
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/status.h"

namespace onetrans::platform::mpay {

// Trims the blanks around every key, at every level. Two keys equal once trimmed: 000105.
Status TrimKeys(json::Value* v, json::Allocator& a);
std::string Reply(int code, std::string_view msg, const json::Value* data);

}  // namespace onetrans::platform::mpay
