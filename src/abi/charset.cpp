#include "abi/charset.h"

#include <iconv.h>

#include <cerrno>

namespace onetrans::charset {
namespace {

// Converts with iconv; on an invalid sequence returns false and its offset in `in`.
bool Convert(const char* from, const char* to, std::string_view in, std::string* out, std::size_t* badOffset,
             bool substitute) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out->clear();
  out->reserve(in.size() * 3 / 2 + 16);
  char* src = const_cast<char*>(in.data());
  std::size_t srcLeft = in.size();
  char buf[4096];
  bool ok = true;
  while (srcLeft > 0) {
    char* dst = buf;
    std::size_t dstLeft = sizeof buf;
    std::size_t r = iconv(cd, &src, &srcLeft, &dst, &dstLeft);
    out->append(buf, static_cast<std::size_t>(dst - buf));
    if (r != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    if (substitute) {
      // Skip one whole UTF-8 sequence and write '?' in its place.
      std::size_t skip = 1;
      while (skip < srcLeft && (static_cast<unsigned char>(src[skip]) & 0xC0) == 0x80) ++skip;
      src += skip;
      srcLeft -= skip;
      out->push_back('?');
      continue;
    }
    *badOffset = static_cast<std::size_t>(src - in.data());
    ok = false;
    break;
  }
  iconv_close(cd);
  return ok;
}

}  // namespace

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

Result<std::string> GbkToUtf8(std::string_view gbk) {
  std::string out;
  std::size_t bad = 0;
  if (!Convert("GBK", "UTF-8", gbk, &out, &bad, false))
    return Status::Fail(rc::kInvalidInput, "输入不是合法的GBK编码（第 " + std::to_string(bad) + " 字节）");
  return out;
}

std::string Utf8ToGbk(std::string_view utf8) {
  std::string out;
  std::size_t bad = 0;
  Convert("UTF-8", "GBK", utf8, &out, &bad, true);
  return out;
}

}  // namespace onetrans::charset
