// GBK on POSIX hosts, through glibc's iconv (Windows uses its own code page 936: charset_win.cpp).
#include <iconv.h>

#include <cerrno>

#include "core/charset.h"

namespace onetrans::charset {
namespace {

// Converts with iconv; on an invalid sequence returns false and its offset in `in`.
bool Convert(const char* from, const char* to, std::string_view in, std::string* out, std::size_t* badOffset) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    *badOffset = 0;
    return false;
  }
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
    *badOffset = static_cast<std::size_t>(src - in.data());
    ok = false;
    break;
  }
  iconv_close(cd);
  return ok;
}

}  // namespace

Result<std::string> GbkToUtf8(std::string_view gbk) {
  std::string out;
  std::size_t bad = 0;
  if (!Convert("GBK", "UTF-8", gbk, &out, &bad))
    return BadGbk(bad);
  return out;
}

bool Utf8ToGbk(std::string_view utf8, std::string* out, std::size_t* badOffset) {
  return Convert("UTF-8", "GBK", utf8, out, badOffset);
}

}  // namespace onetrans::charset
