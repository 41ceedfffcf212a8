#include "support/text.h"

#include <stdexcept>

#include "core/charset.h"

namespace onetrans::test {

std::string Gbk(const std::string& utf8) {
  std::string out;
  std::size_t bad = 0;
  if (!charset::Utf8ToGbk(utf8, &out, &bad)) throw std::runtime_error("no GBK form at byte " + std::to_string(bad));
  return out;
}

}  // namespace onetrans::test
