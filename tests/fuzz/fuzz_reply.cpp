// Reply verification and decryption for both platforms on arbitrary bodies.
#include <cstdint>
#include <string>

#include "platform/amp.h"
#include "platform/qingyuan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  (void)onetrans::platform::qingyuan::OpenReply(body, "A1B2C3D4E5F60718293A4B5C6D7E8F90");
  onetrans::platform::qingyuan::Incoming in;
  (void)onetrans::platform::qingyuan::OpenRequest(body, "A1B2C3D4E5F60718293A4B5C6D7E8F90", &in);
  static const auto rules = onetrans::platform::amp::Rules("1FM99V9JP0009A23A8C00000D445BA03", "1FM99V9JM00N9A23A8C000003F4B7C32", "hsa");
  (void)onetrans::platform::amp::OpenReply(body, rules.value);
  return 0;
}
