// The AMP bill CSV parser, and unzip, on arbitrary files.
#include <cstdint>
#include <string>

#include "bill/bill.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  auto b = onetrans::bill::ParseAmpCsv(s, "fuzz.csv");
  if (b.ok()) onetrans::bill::ToJson(b.value);
  onetrans::bill::Unzip(s, "fuzz.zip");
  return 0;
}
