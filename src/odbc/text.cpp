#include "odbc/text.h"

namespace onetrans::odbc {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

void PutUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    *out += static_cast<char>(c);
  } else if (c < 0x800) {
    *out += static_cast<char>(0xC0 | (c >> 6));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out += static_cast<char>(0xE0 | (c >> 12));
    *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (c >> 18));
    *out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The code point starting at s[*i] (advancing *i), or U+FFFD for a malformed sequence.
char32_t NextUtf8(std::string_view s, std::size_t* i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(*i);
  if (b < 0x80) {
    ++*i;
    return b;
  }
  int extra = (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
  if (extra < 0 || *i + static_cast<std::size_t>(extra) >= s.size()) {
    ++*i;
    return kReplacement;
  }
  char32_t c = extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k <= extra; ++k) {
    unsigned char cont = byte(*i + static_cast<std::size_t>(k));
    if ((cont & 0xC0) != 0x80) {
      *i += static_cast<std::size_t>(k);
      return kReplacement;
    }
    c = (c << 6) | (cont & 0x3F);
  }
  *i += static_cast<std::size_t>(extra) + 1;
  static const char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (c < kMin[extra] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return kReplacement;
  return c;
}

}  // namespace

WString Wide(std::string_view utf8) {
  WString out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t c = NextUtf8(utf8, &i);
    if (c >= 0x10000) {
      c -= 0x10000;
      out += static_cast<SQLWCHAR>(0xD800 + (c >> 10));
      out += static_cast<SQLWCHAR>(0xDC00 + (c & 0x3FF));
    } else {
      out += static_cast<SQLWCHAR>(c);
    }
  }
  return out;
}

std::string Narrow(const SQLWCHAR* text, std::size_t units) {
  std::string out;
  out.reserve(units);
  for (std::size_t i = 0; i < units; ++i) {
    char32_t c = static_cast<char16_t>(text[i]);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units) {
      char32_t low = static_cast<char16_t>(text[i + 1]);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        PutUtf8(0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00), &out);
        ++i;
        continue;
      }
    }
    PutUtf8(c >= 0xD800 && c <= 0xDFFF ? kReplacement : c, &out);
  }
  return out;
}

}  // namespace onetrans::odbc
