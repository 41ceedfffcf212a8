// 1. Envelope: building a Qingyuan request (serialise, sign, encrypt, hex) and verifying +
// decrypting a reply or a platform's request, against the raw OpenSSL EVP work on the same
// bytes (bench/raw_qingyuan: nothing of OneTrans in a floor).
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include "bench_common.h"
#include "platform/qingyuan.h"
#include "raw_qingyuan.h"

namespace {

const char* const kKey = onetrans::bench::raw::kKey;

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
    std::string hex, sig;
    onetrans::bench::raw::AppendHex(&hex, std::string_view(cipher.data(), static_cast<std::size_t>(n1 + n2)));
    onetrans::bench::raw::AppendHex(&sig, std::string_view(reinterpret_cast<char*>(md), mdLen));
    benchmark::DoNotOptimize(hex);
    benchmark::DoNotOptimize(sig);
  }
  EVP_MD_free(sm3);
  EVP_CIPHER_free(sm4);
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

// The value of a top-level string member, found in the text without parsing it: the floors
// start from the envelope's bytes, as OneTrans does, but owe nothing to a JSON parser.
std::string_view MemberText(const std::string& body, const char* name) {
  std::string key = std::string("\"") + name + "\":\"";
  std::size_t at = body.find(key) + key.size();
  return std::string_view(body).substr(at, body.find('"', at) - at);
}

// What opening an envelope cannot do without: hex-decode encData, SM4-ECB-decrypt it, SM3 over
// the signing string, compare with signData in constant time.
void OpenFloor(benchmark::State& state, const std::string& body) {
  namespace raw = onetrans::bench::raw;
  raw::Fields fields;
  std::string plain;
  if (!raw::Open(body, kKey, &fields, &plain)) state.SkipWithError("the envelope does not open");
  std::string_view enc = MemberText(body, "encData"), sign = MemberText(body, "signData");
  for (auto _ : state) {
    std::string bytes;
    bool ok = raw::HexDecode(enc, &bytes) && raw::Sm4DecryptInPlace(kKey, &bytes) &&
              raw::HexEqualsConstantTime(raw::Sign(fields, bytes, kKey), sign);
    if (!ok) state.SkipWithError("the floor failed to open the envelope");
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

std::string ReplyOf(std::size_t size) {
  return onetrans::bench::raw::Reply("0000", "交易成功", onetrans::json::Serialize(Payload(size)));
}

void BM_Reply_OneTrans(benchmark::State& state) {
  std::string body = ReplyOf(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto reply = onetrans::platform::qingyuan::OpenReply(body, kKey);
    if (!reply.ok()) state.SkipWithError("OpenReply failed");
    benchmark::DoNotOptimize(reply.value.plaintext);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Reply_RawEvp(benchmark::State& state) { OpenFloor(state, ReplyOf(static_cast<std::size_t>(state.range(0)))); }

// A platform's HIS00002 request with about `size` bytes of business data (the authorization
// image's base64 making up the bulk), as the gateway receives it.
std::string RequestOf(std::size_t size) {
  std::size_t around = onetrans::bench::Authorization(0).size();
  std::size_t image = size > around ? (size - around) / 4 * 3 : 0;
  return onetrans::bench::PlatformRequest("HIS00002", onetrans::bench::Authorization(image));
}

void BM_OpenRequest_OneTrans(benchmark::State& state) {
  std::string body = RequestOf(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    onetrans::platform::qingyuan::Incoming in;
    if (!onetrans::platform::qingyuan::OpenRequest(body, kKey, &in).ok()) state.SkipWithError("OpenRequest failed");
    benchmark::DoNotOptimize(in.opened.plaintext);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_OpenRequest_Floor(benchmark::State& state) { OpenFloor(state, RequestOf(static_cast<std::size_t>(state.range(0)))); }

}  // namespace

BENCHMARK(BM_Envelope_OneTrans)->Arg(1 << 10)->Arg(64 << 10)->Arg(3 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Envelope_RawEvp)->Arg(1 << 10)->Arg(64 << 10)->Arg(3 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Reply_OneTrans)->Arg(1 << 10)->Arg(64 << 10)->Arg(3 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Reply_RawEvp)->Arg(1 << 10)->Arg(64 << 10)->Arg(3 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OpenRequest_OneTrans)->Arg(1 << 10)->Arg(64 << 10)->Arg(3 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OpenRequest_Floor)->Arg(1 << 10)->Arg(64 << 10)->Arg(3 << 20)->Unit(benchmark::kMicrosecond);
