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
// 000105 naming the byte offset of the first byte that is not GBK.
Status BadGbk(std::size_t offset);

#if defined(_WIN32)
// MobileTransW's buffers: UTF-16 as Windows keeps it. A lone surrogate is 000105.
Result<std::string> Utf16ToUtf8(std::wstring_view utf16);
std::wstring Utf8ToUtf16(std::string_view utf8);
#endif

}  // namespace onetrans::charset
