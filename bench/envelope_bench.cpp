// 1. Envelope: building a Qingyuan request (serialise, sign, encrypt, hex) and verifying +
// decrypting its reply, against the raw OpenSSL EVP work on the same bytes.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include "bench_common.h"
#include "crypto/crypto.h"
#include "platform/qingyuan.h"

namespace {

const char* kKey = "A1B2C3D4E5F60718293A4B5C6D7E8F90";

// A business object of about `size` bytes: an HOS00028 upload with a base64 image.
onetrans::json::Document Payload(std::size_t size) {
  onetrans::json::Document d;
  std::string json = R"({"treatmentSerialNo":"ZY0001","idNo":"441802198708081050","fileType":"png","imageBase64":")" +
                     std::string(size, 'A') + R"(","imageType":"3044","verifyStatus":"0"})";
  // The text is built above and always parses; a failure would leave an empty payload.
  if (!onetrans::json::Parse(json, &d).ok()) d.SetObject();
  return d;
}

onetrans::platform::qingyuan::Request RequestFor(std::string plaintext) {
  onetrans::platform::qingyuan::Request r;
  r.transCode = "HOS00028";
  r.platformId = "QY000001";
  r.platformSeqId = "20250101120000ABCDEFGHIJ0123456789";
  r.platformTransDate = "20250101";
  r.platformTransTime = "120000";
  r.plaintext = std::move(plaintext);
  return r;
}

void BM_Envelope_OneTrans(benchmark::State& state) {
  auto doc = Payload(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto body = onetrans::platform::qingyuan::BuildRequestBody(RequestFor(onetrans::json::Serialize(doc)), kKey);
    benchmark::DoNotOptimize(body.value);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

// The floor: SM3 of the signing string's bytes, SM4-ECB of the plaintext, hex of both.
void BM_Envelope_RawEvp(benchmark::State& state) {
  auto doc = Payload(static_cast<std::size_t>(state.range(0)));
  std::string plaintext = onetrans::json::Serialize(doc);
  std::string signing = "data=" + plaintext + "&encType=SM4&platformId=QY000001&platformSeqId=20250101120000ABCDEFGHIJ0123456789"
                        "&platformTransDate=20250101&platformTransTime=120000&signType=SM3&transCode=HOS00028&version=1.0.0&key=" + kKey;
  EVP_MD* sm3 = EVP_MD_fetch(nullptr, "SM3", nullptr);
  EVP_CIPHER* sm4 = EVP_CIPHER_fetch(nullptr, "SM4-ECB", nullptr);
  std::string cipher(plaintext.size() + 16, '\0');
  for (auto _ : state) {
    unsigned char md[32];
    unsigned int mdLen = 0;
    EVP_Digest(signing.data(), signing.size(), md, &mdLen, sm3, nullptr);
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex2(ctx, sm4, reinterpret_cast<const unsigned char*>(kKey), nullptr, nullptr);
    int n1 = 0, n2 = 0;
    auto* out = reinterpret_cast<unsigned char*>(cipher.data());
    EVP_EncryptUpdate(ctx, out, &n1, reinterpret_cast<const unsigned char*>(plaintext.data()), static_cast<int>(plaintext.size()));
    EVP_EncryptFinal_ex(ctx, out + n1, &n2);
    EVP_CIPHER_CTX_free(ctx);
    std::string hex = onetrans::crypto::HexUpper(std::string_view(cipher.data(), static_cast<std::size_t>(n1 + n2)));
    std::string sig = onetrans::crypto::HexUpper(std::string_view(reinterpret_cast<char*>(md), mdLen));
    benchmark::DoNotOptimize(hex);
    benchmark::DoNotOptimize(sig);
  }
  EVP_MD_free(sm3);
  EVP_CIPHER_free(sm4);
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Reply_OneTrans(benchmark::State& state) {
  std::string plaintext = onetrans::json::Serialize(Payload(static_cast<std::size_t>(state.range(0))));
  std::string body = onetrans::platform::qingyuan::BuildReplyBody({"0000", "交易成功", plaintext}, kKey);
  for (auto _ : state) {
    auto reply = onetrans::platform::qingyuan::OpenReply(body, kKey);
    benchmark::DoNotOptimize(reply.value.plaintext);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

// The floor for a reply: hex-decode encData, SM4-ECB decrypt, SM3 of the signing string.
void BM_Reply_RawEvp(benchmark::State& state) {
  std::string plaintext = onetrans::json::Serialize(Payload(static_cast<std::size_t>(state.range(0))));
  auto enc = onetrans::crypto::Sm4EcbEncrypt(std::string_view(kKey, 16), plaintext);
  std::string hex = onetrans::crypto::HexUpper(enc.value);
  std::string signing = "data=" + plaintext + "&encType=SM4&rtCode=0000&rtMsg=交易成功&signType=SM3&key=" + kKey;
  for (auto _ : state) {
    onetrans::crypto::Bytes bytes;
    onetrans::crypto::HexDecode(hex, &bytes);
    auto plain = onetrans::crypto::Sm4EcbDecrypt(std::string_view(kKey, 16), bytes);
    auto sig = onetrans::crypto::Sm3Hex(signing);
    benchmark::DoNotOptimize(plain.value);
    benchmark::DoNotOptimize(sig);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK(BM_Envelope_OneTrans)->Arg(1 << 10)->Arg(64 << 10)->Arg(3 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Envelope_RawEvp)->Arg(1 << 10)->Arg(64 << 10)->Arg(3 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Reply_OneTrans)->Arg(1 << 10)->Arg(64 << 10)->Arg(3 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Reply_RawEvp)->Arg(1 << 10)->Arg(64 << 10)->Arg(3 << 20)->Unit(benchmark::kMicrosecond);
