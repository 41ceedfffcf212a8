#include "core/charset.h"

namespace onetrans::charset {

Status CheckUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n != 0 && i + n <= s.size() && !(n == 2 && c < 0xC2);
    for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && n == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);  // overlong / surrogates
    }
    if (ok && n == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (!ok)
      return Status::Fail(rc::kInvalidInput, "输入不是合法的UTF-8编码（第 " + std::to_string(i) +
                                                 " 字节）；如HIS传入GBK，请配置 abi.charset=GBK");
    i += n;
  }
  return Status::Ok();
}

std::string Utf8JsonToGbk(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t at = 0;
  while (at < s.size()) {
    std::string part;
    std::size_t bad = 0;
    bool done = Utf8ToGbk(s.substr(at), &part, &bad);
    out += part;
    if (done) break;
    // The code point at at+bad, written as a JSON escape (a surrogate pair above U+FFFF).
    auto c = static_cast<unsigned char>(s[at + bad]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    unsigned cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n && at + bad + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[at + bad + k]) & 0x3F);
    auto escape = [&out](unsigned u) {
      static const char* hex = "0123456789abcdef";
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += hex[(u >> shift) & 0xF];
    };
    if (cp >= 0x10000) {
      cp -= 0x10000;
      escape(0xD800 + (cp >> 10));
      escape(0xDC00 + (cp & 0x3FF));
    } else {
      escape(cp);
    }
    at += bad + n;
  }
  return out;
}

Status BadGbk(std::size_t offset) {
  return Status::Fail(rc::kInvalidInput, "输入不是合法的GBK编码（第 " + std::to_string(offset) + " 字节）");
}

}  // namespace onetrans::charset
