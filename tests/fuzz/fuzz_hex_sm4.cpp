// Hex decoding and SM4-ECB decryption (with and without PKCS#7) on arbitrary input.
#include <cstdint>
#include <string>

#include "crypto/crypto.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  onetrans::crypto::Bytes bytes;
  if (onetrans::crypto::HexDecode(s, &bytes)) {
    (void)onetrans::crypto::Sm4EcbDecrypt("0123456789ABCDEF", bytes, true);
    (void)onetrans::crypto::Sm4EcbDecrypt("0123456789ABCDEF", bytes, false);
  }
  (void)onetrans::crypto::Sm4EcbDecrypt("0123456789ABCDEF", s, true);
  onetrans::crypto::HexEqualsConstantTime(s, onetrans::crypto::HexUpper(s));
  return 0;
}
