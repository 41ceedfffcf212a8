// The INI and JSON configuration readers on arbitrary text.
#include <cstdint>
#include <string>

#include "core/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  for (bool json : {false, true}) {
    onetrans::ConfigValues values;
    onetrans::Status st = json ? onetrans::ParseJsonConfig(s, &values) : onetrans::ParseIni(s, &values);
    onetrans::Config cfg;
    if (st.ok()) (void)onetrans::Apply(values, &cfg);
  }
  return 0;
}
