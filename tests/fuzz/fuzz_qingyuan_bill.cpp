// The Qingyuan `!|` bill parser on arbitrary files.
#include <cstdint>
#include <string>

#include "bill/bill.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  auto b = onetrans::bill::ParseQingyuanLines(s, "fuzz.txt");
  if (b.ok()) onetrans::bill::ToCsv(b.value);
  return 0;
}
