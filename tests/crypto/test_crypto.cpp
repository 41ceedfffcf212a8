#include <catch2/catch.hpp>

#include "crypto/crypto.h"
#include "support/vectors.h"

using namespace onetrans;
using onetrans::test::Str;

namespace {
std::string FromHex(const std::string& hex) {
  crypto::Bytes b;
  REQUIRE(crypto::HexDecode(hex, &b));
  return b;
}
}  // namespace

TEST_CASE("SM3 matches GB/T 32905 and every sm3 vector", "[crypto]") {
  auto vectors = test::VectorsOfKind("sm3");
  REQUIRE(vectors.size() >= 2);
  for (const auto* v : vectors) {
    INFO(Str(*v, "id"));
    CHECK(crypto::Sm3Hex(FromHex(Str(*v, "inputHex"))) == crypto::HexUpper(FromHex(Str(*v, "expected"))));
    CHECK(crypto::HexLower(crypto::Sm3(Str(*v, "input"))) == Str(*v, "expected"));
  }
}

TEST_CASE("SM4-ECB matches GB/T 32907 and every sm4 vector", "[crypto]") {
  auto vectors = test::VectorsOfKind("sm4-ecb");
  REQUIRE(vectors.size() >= 2);
  for (const auto* v : vectors) {
    INFO(Str(*v, "id"));
    bool pkcs7 = Str(*v, "padding") == "pkcs7";
    std::string key = FromHex(Str(*v, "keyHex")), plain = FromHex(Str(*v, "plaintextHex"));
    auto enc = crypto::Sm4EcbEncrypt(key, plain, pkcs7);
    REQUIRE(enc.ok());
    CHECK(crypto::HexUpper(enc.value) == crypto::HexUpper(FromHex(Str(*v, "expectedHex"))));
    auto dec = crypto::Sm4EcbDecrypt(key, enc.value, pkcs7);
    REQUIRE(dec.ok());
    CHECK(dec.value == plain);
  }
}

TEST_CASE("SM4 encrypted in slices straight to hex equals the whole-buffer encryption", "[crypto]") {
  for (const auto* v : test::VectorsOfKind("sm4-ecb")) {
    if (Str(*v, "padding") != "pkcs7") continue;
    INFO(Str(*v, "id"));
    std::string out = "encData=";
    REQUIRE(crypto::Sm4EcbEncryptAppendHex(FromHex(Str(*v, "keyHex")), FromHex(Str(*v, "plaintextHex")), &out).ok());
    CHECK(out == "encData=" + crypto::HexUpper(FromHex(Str(*v, "expectedHex"))));
  }
  // Around the slice boundary (16 KiB) and across several slices.
  const std::string key = "0123456789ABCDEF";
  for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 16383u, 16384u, 16385u, 32768u, 100001u}) {
    INFO(n);
    std::string plain(n, '\0');
    for (std::size_t i = 0; i < n; ++i) plain[i] = static_cast<char>(i * 131 + 7);
    std::string out;
    REQUIRE(crypto::Sm4EcbEncryptAppendHex(key, plain, &out).ok());
    auto whole = crypto::Sm4EcbEncrypt(key, plain);
    REQUIRE(whole.ok());
    CHECK(out == crypto::HexUpper(whole.value));
    CHECK(out.size() == crypto::Sm4EcbHexSize(n));
  }
  std::string out;
  CHECK(crypto::Sm4EcbEncryptAppendHex("short", "x", &out).code == rc::kInternal);
}

TEST_CASE("SM4 rejects wrong keys, bad lengths and bad padding", "[crypto]") {
  CHECK_FALSE(crypto::Sm4EcbEncrypt("short", "x").ok());
  auto bad = crypto::Sm4EcbDecrypt("0123456789ABCDEF", "123");
  CHECK(bad.status.code == rc::kDecrypt);
  auto enc = crypto::Sm4EcbEncrypt("0123456789ABCDEF", "hello");
  REQUIRE(enc.ok());
  auto wrongKey = crypto::Sm4EcbDecrypt("FEDCBA9876543210", enc.value);
  // A wrong key almost always breaks the PKCS#7 padding; if it happens not to, the bytes differ.
  CHECK((!wrongKey.ok() || wrongKey.value != "hello"));
}

TEST_CASE("SHA1 and MD5 known answers", "[crypto]") {
  CHECK(crypto::HexLower(crypto::Sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(crypto::HexLower(crypto::Md5("abc")) == "900150983cd24fb0d6963f7d28e17f72");
}

TEST_CASE("hex encode/decode and constant-time compare", "[crypto]") {
  CHECK(crypto::HexUpper(std::string("\x00\xff\x10", 3)) == "00FF10");
  crypto::Bytes b;
  CHECK(crypto::HexDecode("00ff10", &b));
  CHECK(b == std::string("\x00\xff\x10", 3));
  CHECK_FALSE(crypto::HexDecode("0", &b));
  CHECK_FALSE(crypto::HexDecode("zz", &b));
  CHECK(crypto::HexEqualsConstantTime("ABCDEF", "abcdef"));
  CHECK_FALSE(crypto::HexEqualsConstantTime("ABCDEF", "ABCDEE"));
  CHECK_FALSE(crypto::HexEqualsConstantTime("ABCDEF", "ABCDE"));
  CHECK(crypto::HexEqualsConstantTime("GG", "gg"));  // folds case of any letter, never crashes
}

TEST_CASE("random alphanumerics are alphanumeric and distinct", "[crypto]") {
  std::string a = crypto::RandomAlnum(18), b = crypto::RandomAlnum(18);
  CHECK(a.size() == 18);
  CHECK(a != b);
  for (char c : a) CHECK(std::isalnum(static_cast<unsigned char>(c)));
}
