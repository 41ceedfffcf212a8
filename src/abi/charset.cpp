#include "abi/charset.h"

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

Status BadGbk(std::size_t offset) {
  return Status::Fail(rc::kInvalidInput, "输入不是合法的GBK编码（第 " + std::to_string(offset) + " 字节）");
}

}  // namespace onetrans::charset
