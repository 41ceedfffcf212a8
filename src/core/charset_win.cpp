// GBK and UTF-16 on Windows, through the system's own code page 936 tables — the ones the
// host's ANSI strings were written with — so no iconv is shipped in the DLL.
#include <windows.h>

#include "core/charset.h"

namespace onetrans::charset {
namespace {

constexpr UINT kGbk = 936;

// The offset of the first byte that cannot start or end a GBK character, for the message.
std::size_t FirstBadGbkByte(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c == 0x80 || c == 0xFF || i + 1 >= s.size()) return i;
    auto t = static_cast<unsigned char>(s[i + 1]);
    if (t < 0x40 || t == 0x7F || t == 0xFF) return i;
    i += 2;
  }
  return 0;
}

std::wstring Widen(UINT codePage, DWORD flags, std::string_view in, bool* ok) {
  *ok = true;
  if (in.empty()) return std::wstring();
  int n = MultiByteToWideChar(codePage, flags, in.data(), static_cast<int>(in.size()), nullptr, 0);
  if (n <= 0) {
    *ok = false;
    return std::wstring();
  }
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(codePage, flags, in.data(), static_cast<int>(in.size()), out.data(), n);
  return out;
}

std::string Narrow(UINT codePage, DWORD flags, std::wstring_view in, bool* ok) {
  *ok = true;
  if (in.empty()) return std::string();
  // WideCharToMultiByte takes no default character for UTF-8; for GBK '?' stands in.
  const char* defaultChar = codePage == CP_UTF8 ? nullptr : "?";
  int n = WideCharToMultiByte(codePage, flags, in.data(), static_cast<int>(in.size()), nullptr, 0, defaultChar, nullptr);
  if (n <= 0) {
    *ok = false;
    return std::string();
  }
  std::string out(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(codePage, flags, in.data(), static_cast<int>(in.size()), out.data(), n, defaultChar, nullptr);
  return out;
}

}  // namespace

Result<std::string> GbkToUtf8(std::string_view gbk) {
  bool ok = false;
  std::wstring wide = Widen(kGbk, MB_ERR_INVALID_CHARS, gbk, &ok);
  if (!ok) return BadGbk(FirstBadGbkByte(gbk));
  std::string out = Narrow(CP_UTF8, 0, wide, &ok);
  if (!ok) return BadGbk(0);
  return out;
}

bool Utf8ToGbk(std::string_view utf8, std::string* out, std::size_t* badOffset) {
  bool ok = false;
  std::wstring wide = Widen(CP_UTF8, 0, utf8, &ok);
  BOOL usedDefault = FALSE;
  auto narrow = [&](std::wstring_view w, std::string* to) {
    usedDefault = FALSE;
    if (w.empty()) return true;
    int n = WideCharToMultiByte(kGbk, WC_NO_BEST_FIT_CHARS, w.data(), static_cast<int>(w.size()), nullptr, 0, "?", &usedDefault);
    if (n <= 0) return false;
    std::size_t at = to->size();
    to->resize(at + static_cast<std::size_t>(n));
    WideCharToMultiByte(kGbk, WC_NO_BEST_FIT_CHARS, w.data(), static_cast<int>(w.size()), to->data() + at, n, "?", &usedDefault);
    return usedDefault == FALSE;
  };
  out->clear();
  if (narrow(wide, out)) return true;
  // Rare: find the first character that has no GBK form, one UTF-8 sequence at a time.
  out->clear();
  std::size_t i = 0;
  while (i < utf8.size()) {
    auto c = static_cast<unsigned char>(utf8[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    std::string piece;
    if (!narrow(Widen(CP_UTF8, 0, utf8.substr(i, n), &ok), &piece)) {
      *badOffset = i;
      return false;
    }
    *out += piece;
    i += n;
  }
  return true;
}

Result<std::string> Utf16ToUtf8(std::wstring_view utf16) {
  bool ok = false;
  std::string out = Narrow(CP_UTF8, WC_ERR_INVALID_CHARS, utf16, &ok);
  if (!ok) return Status::Fail(rc::kInvalidInput, "输入不是合法的UTF-16编码（含不成对的代理项）");
  return out;
}

std::wstring Utf8ToUtf16(std::string_view utf8) {
  bool ok = false;
  return Widen(CP_UTF8, 0, utf8, &ok);
}

}  // namespace onetrans::charset
