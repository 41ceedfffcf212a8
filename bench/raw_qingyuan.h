// The Qingyuan envelope (PROTOCOL.md §4) written again for the benchmarks on raw OpenSSL EVP and
// rapidjson, calling nothing of OneTrans: the floors OneTrans's envelope code is measured
// against, the platform that sends the inbound calls, and the bare server the gateway is
// compared with. A floor that called OneTrans's own helpers would hide their cost.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onetrans::bench::raw {

inline constexpr const char* kPlatformId = "QY000001";
inline constexpr const char* kKey = "A1B2C3D4E5F60718293A4B5C6D7E8F90";

// Uppercase hex appended to *out, two characters per byte from a 256-entry table.
void AppendHex(std::string* out, std::string_view bytes);
// Either case, a 256-entry table per character; false on an odd length or a non-digit.
bool HexDecode(std::string_view hex, std::string* out);
// SM4-ECB-PKCS7 under the first 16 bytes of `key`.
bool Sm4Encrypt(std::string_view key, std::string_view plain, std::string* cipher);
bool Sm4DecryptInPlace(std::string_view key, std::string* data);
// Case-insensitive hex comparison whose time does not depend on where the strings differ.
bool HexEqualsConstantTime(std::string_view a, std::string_view b);

using Fields = std::vector<std::pair<std::string, std::string>>;
// Uppercase hex SM3 of the signing string: the fields but signData / encData / extendParmas and
// empty ones, plus data=<plaintext>, sorted, joined with &, then &key=<key>. Fed to SM3 piece
// by piece, as a megabyte plaintext is not worth copying into one string.
std::string Sign(const Fields& fields, std::string_view plaintext, std::string_view key);

// A platform -> hospital request body: `plaintext` is the compact JSON business object.
std::string Request(std::string_view transCode, std::string_view plaintext, std::string_view seqId, std::string_view date,
                    std::string_view time, std::string_view key = kKey);
// The hospital's reply body.
std::string Reply(std::string_view rtCode, std::string_view rtMsg, std::string_view plaintext, std::string_view key = kKey);

// Verifies and decrypts an envelope, either direction: *fields gets its other string members.
bool Open(std::string_view body, std::string_view key, Fields* fields, std::string* plaintext);
std::string FieldOf(const Fields& fields, std::string_view name);

// A JSON text without its whitespace (the fixtures are indented).
std::string Compact(std::string_view json);

}  // namespace onetrans::bench::raw
