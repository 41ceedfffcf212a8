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
// Strict conversion of valid UTF-8: false at the first character GBK cannot represent, with
// *out holding the converted text before it and *badOffset its offset in `utf8`.
bool Utf8ToGbk(std::string_view utf8, std::string* out, std::size_t* badOffset);
// A JSON text for a GBK host: a character GBK cannot represent becomes its \uXXXX escape
// (every non-ASCII character of a JSON text is inside a string), so nothing is lost or
// silently replaced — a URL or a name reads back exactly after JSON decoding.
std::string Utf8JsonToGbk(std::string_view utf8Json);
// 000105 naming the byte offset of the first byte that is not GBK.
Status BadGbk(std::size_t offset);

#if defined(_WIN32)
// MobileTransW's buffers: UTF-16 as Windows keeps it. A lone surrogate is 000105.
Result<std::string> Utf16ToUtf8(std::wstring_view utf16);
std::wstring Utf8ToUtf16(std::string_view utf8);
#endif

}  // namespace onetrans::charset
