// What the host's narrow char* buffers hold (abi.charset): UTF-8 or GBK (code page 936).
// The platforms speak UTF-8, so GBK is converted on the way in and on the way out.
#pragma once
#include <string>
#include <string_view>

#include "core/status.h"

namespace onetrans::charset {

// 000105 naming the byte offset of the first invalid sequence.
Status CheckUtf8(std::string_view s);
Result<std::string> GbkToUtf8(std::string_view gbk);
// Characters GBK cannot represent become '?', so an answer is never lost to one glyph.
std::string Utf8ToGbk(std::string_view utf8);

}  // namespace onetrans::charset
