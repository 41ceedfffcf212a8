// The AMP bill CSV parser, and the bounded zip reader, on arbitrary files.
#include <cstdint>
#include <string>

#include "bill/bill.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  auto b = onetrans::bill::ParseAmpCsv(s, "fuzz.csv");
  if (b.ok()) onetrans::bill::ToJson(b.value);
  onetrans::BillConfig limits;
  limits.maxBytes = 8u << 20;
  (void)onetrans::bill::ParseZipMember(
      s, "fuzz.zip", [](const std::vector<std::string>& names) { return names.empty() ? -1 : 0; },
      [&](const std::string& name) { return onetrans::bill::AmpCsvParser(name, limits); }, limits);
  return 0;
}
