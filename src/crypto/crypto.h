// SM3 / SM4-ECB / SHA1 / MD5 over OpenSSL 3 EVP, hex and constant-time comparison.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace onetrans::crypto {

using Bytes = std::string;  // raw bytes; std::string keeps them contiguous and cheap to move

std::string Sm3Hex(std::string_view data);   // uppercase hex digest

// SM3 over pieces, so a signing string never has to be assembled in memory.
class Sm3Stream {
 public:
  Sm3Stream();
  ~Sm3Stream();
  Sm3Stream(const Sm3Stream&) = delete;
  Sm3Stream& operator=(const Sm3Stream&) = delete;
  void Update(std::string_view piece);
  std::string FinalHex();  // uppercase

 private:
  void* ctx_;
};
Bytes Sm3(std::string_view data);
Bytes Sha1(std::string_view data);
Bytes Md5(std::string_view data);

// SM4-ECB with a 16-byte key; pkcs7=false requires a whole number of blocks.
Result<Bytes> Sm4EcbEncrypt(std::string_view key16, std::string_view plain, bool pkcs7 = true);
Result<Bytes> Sm4EcbDecrypt(std::string_view key16, std::string_view cipher, bool pkcs7 = true);
// SM4-ECB-PKCS7 of `plain` appended to *out as uppercase hex, a slice at a time: a 3 MB
// payload's ciphertext never exists whole beside its hex (encData in a request body).
Status Sm4EcbEncryptAppendHex(std::string_view key16, std::string_view plain, std::string* out);
// The hex length of that ciphertext: PKCS#7 always adds 1 to 16 bytes.
constexpr std::size_t Sm4EcbHexSize(std::size_t plainSize) { return (plainSize / 16 + 1) * 32; }

std::string HexUpper(std::string_view bytes);
// Appends uppercase hex to *out (no intermediate string).
void AppendHexUpper(std::string* out, std::string_view bytes);
std::string HexLower(std::string_view bytes);
// Accepts either case; fails on odd length or a non-hex digit.
bool HexDecode(std::string_view hex, Bytes* out);
// Appends the bytes of `hex` to *out (a table per character pair, no branch per digit).
bool AppendHexDecoded(std::string_view hex, Bytes* out);
// SM4-ECB-PKCS7 decryption in place: *data becomes the plaintext (no second buffer).
Status Sm4EcbDecryptInPlace(std::string_view key16, Bytes* data);

// Compares two hex strings ignoring case, in time independent of where they differ.
bool HexEqualsConstantTime(std::string_view a, std::string_view b);

// Cryptographically random alphanumerics ([0-9A-Za-z]).
std::string RandomAlnum(std::size_t n);

}  // namespace onetrans::crypto
