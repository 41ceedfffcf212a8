// The sign-then-encrypt envelope both platforms use (PROTOCOL.md §4, §5): a flat JSON
// object whose business payload travels as encData (hex SM4-ECB-PKCS7) and whose
// signData is the SM3 of a sorted key=value string that includes data=<plaintext>.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/status.h"

namespace onetrans::envelope {

// What differs between the platforms' envelopes.
struct Rules {
  std::vector<std::string> unsigned_fields;  // never part of the signing string
  std::string sm4Key;                        // 16 ASCII bytes
  std::string signKey;                       // appended as &key=...
};

using Fields = std::vector<std::pair<std::string, std::string>>;

// The signing string: every field except the unsigned ones and empty values, plus
// data=<plaintext> when there is one, sorted byte-wise, joined with &, then &key=.
std::string SigningString(const Fields& fields, std::optional<std::string_view> plaintext, const Rules& rules);

// Top-level scalars of an envelope object as Fields (objects/arrays as compact JSON);
// with `rules`, the unsigned fields (encData, megabytes of it) are left out.
Fields FieldsOf(const json::Value& envelope, const Rules* rules = nullptr);

// Writes a flat JSON object of string fields straight into one buffer. Hex fields (encData,
// signData) are appended as they are: they cannot need escaping, and they are the bulk.
class BodyWriter {
 public:
  explicit BodyWriter(std::size_t reserve) { out_.reserve(reserve); out_ += '{'; }
  BodyWriter& Text(std::string_view key, std::string_view value);
  BodyWriter& Hex(std::string_view key, std::string_view value);
  // key: the encData of `plaintext` (uppercase hex of its SM4 ciphertext under rules.sm4Key),
  // encrypted straight into the body.
  Status EncData(std::string_view key, std::string_view plaintext, const Rules& rules);
  BodyWriter& Raw(std::string_view key, std::string_view jsonValue);
  std::string Finish() { out_ += '}'; return std::move(out_); }

 private:
  void Key(std::string_view key);
  std::string out_;
};

// What a body needs besides its fields: signData, and the room encData will take (the body
// writer encrypts the plaintext itself, so no whole ciphertext is ever held).
struct Sealed {
  std::string signData;  // uppercase hex
  std::size_t encDataSize = 0;
};
Sealed Seal(const Fields& fields, std::optional<std::string_view> plaintext, const Rules& rules);

struct Opened {
  json::Document fields;                 // the envelope as received
  std::optional<std::string> plaintext;  // decrypted encData, when present
};
// Decrypts encData (000101 on failure) and verifies signData (000102 when missing or wrong).
Status Open(std::string_view body, const Rules& rules, Opened* out, const json::Limits& limits = {});

// Derivations of the 16-byte SM4 key from the platform credentials.
std::string KeyPrefix16(std::string_view key);

}  // namespace onetrans::envelope
