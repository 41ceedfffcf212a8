#include "raw_qingyuan.h"

#include <openssl/evp.h>
#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstring>

namespace onetrans::bench::raw {
namespace {

struct HexTables {
  char pairs[512];
  unsigned char value[256];  // 0x10: not a hex digit
  HexTables() {
    static const char* digits = "0123456789ABCDEF";
    for (int b = 0; b < 256; ++b) {
      pairs[2 * b] = digits[b >> 4];
      pairs[2 * b + 1] = digits[b & 15];
      value[b] = b >= '0' && b <= '9' ? static_cast<unsigned char>(b - '0')
                 : b >= 'A' && b <= 'F' ? static_cast<unsigned char>(b - 'A' + 10)
                 : b >= 'a' && b <= 'f' ? static_cast<unsigned char>(b - 'a' + 10)
                                        : 0x10;
    }
  }
};
const HexTables kHex;

// Fetched once, as any server would: a fetch per call walks OpenSSL's provider tables.
const EVP_CIPHER* Sm4Ecb() {
  static EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "SM4-ECB", nullptr);
  return c;
}
const EVP_MD* Sm3Md() {
  static EVP_MD* m = EVP_MD_fetch(nullptr, "SM3", nullptr);
  return m;
}

bool Sm4(bool encrypt, std::string_view key, const unsigned char* in, int n, unsigned char* out, int* outLen) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int n1 = 0, n2 = 0;
  bool ok = ctx != nullptr && key.size() >= 16 &&
            EVP_CipherInit_ex2(ctx, Sm4Ecb(), reinterpret_cast<const unsigned char*>(key.data()), nullptr, encrypt ? 1 : 0,
                               nullptr) == 1 &&
            EVP_CipherUpdate(ctx, out, &n1, in, n) == 1 && EVP_CipherFinal_ex(ctx, out + n1, &n2) == 1;
  EVP_CIPHER_CTX_free(ctx);
  *outLen = n1 + n2;
  return ok;
}

bool Unsigned(std::string_view name) { return name == "signData" || name == "encData" || name == "extendParmas"; }

void Member(std::string* out, std::string_view key, std::string_view value) {
  if (out->size() > 1) out->push_back(',');
  out->append("\"").append(key).append("\":\"").append(value).append("\"");
}

}  // namespace

void AppendHex(std::string* out, std::string_view bytes) {
  std::size_t at = out->size();
  out->resize(at + 2 * bytes.size());
  char* o = out->data() + at;
  for (unsigned char b : bytes) {
    std::memcpy(o, kHex.pairs + 2 * b, 2);
    o += 2;
  }
}

bool HexDecode(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  out->resize(hex.size() / 2);
  auto* o = reinterpret_cast<unsigned char*>(out->data());
  const auto* in = reinterpret_cast<const unsigned char*>(hex.data());
  unsigned char bad = 0;
  for (std::size_t i = 0; i < out->size(); ++i) {
    unsigned char hi = kHex.value[in[2 * i]], lo = kHex.value[in[2 * i + 1]];
    bad |= hi | lo;
    o[i] = static_cast<unsigned char>((hi << 4) | (lo & 15));
  }
  return (bad & 0x10) == 0;
}

bool Sm4Encrypt(std::string_view key, std::string_view plain, std::string* cipher) {
  cipher->resize(plain.size() + 16);
  int n = 0;
  bool ok = Sm4(true, key, reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()),
                reinterpret_cast<unsigned char*>(cipher->data()), &n);
  cipher->resize(static_cast<std::size_t>(n));
  return ok;
}

bool Sm4DecryptInPlace(std::string_view key, std::string* data) {
  if (data->empty() || data->size() % 16 != 0) return false;
  auto* p = reinterpret_cast<unsigned char*>(data->data());
  int n = 0;
  // ECB: each block alone, so the plaintext may overwrite the ciphertext as it goes.
  bool ok = Sm4(false, key, p, static_cast<int>(data->size()), p, &n);
  data->resize(ok ? static_cast<std::size_t>(n) : 0);
  return ok;
}

bool HexEqualsConstantTime(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    // Letters folded to lower case without a branch: bit 0x20 set on A-Z only.
    unsigned x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    x |= static_cast<unsigned>((x >= 'A') & (x <= 'Z')) << 5;
    y |= static_cast<unsigned>((y >= 'A') & (y <= 'Z')) << 5;
    diff |= x ^ y;
  }
  return diff == 0;
}

std::string Sign(const Fields& fields, std::string_view plaintext, std::string_view key) {
  std::vector<std::pair<std::string_view, std::string_view>> parts;
  parts.reserve(fields.size() + 1);
  for (const auto& [k, v] : fields)
    if (!v.empty() && !Unsigned(k) && k != "data") parts.emplace_back(k, v);
  parts.emplace_back("data", plaintext);
  std::sort(parts.begin(), parts.end());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex2(ctx, Sm3Md(), nullptr);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) EVP_DigestUpdate(ctx, "&", 1);
    EVP_DigestUpdate(ctx, parts[i].first.data(), parts[i].first.size());
    EVP_DigestUpdate(ctx, "=", 1);
    EVP_DigestUpdate(ctx, parts[i].second.data(), parts[i].second.size());
  }
  EVP_DigestUpdate(ctx, "&key=", 5);
  EVP_DigestUpdate(ctx, key.data(), key.size());
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  std::string hex;
  AppendHex(&hex, std::string_view(reinterpret_cast<char*>(md), len));
  return hex;
}

namespace {

// Members in name order, as the platforms send them; encData first, encrypted into the body.
std::string Body(const Fields& sorted, std::string_view plaintext, std::string_view key) {
  std::string cipher;
  Sm4Encrypt(key, plaintext, &cipher);
  std::string out;
  out.reserve(2 * cipher.size() + 512);
  out = "{\"encData\":\"";
  AppendHex(&out, cipher);
  out += '"';
  std::string sign = Sign(sorted, plaintext, key);
  for (const auto& [k, v] : sorted) {
    if (k > "signData" && !sign.empty()) {
      Member(&out, "signData", sign);
      sign.clear();
    }
    Member(&out, k, v);
  }
  if (!sign.empty()) Member(&out, "signData", sign);
  return out + "}";
}

}  // namespace

std::string Request(std::string_view transCode, std::string_view plaintext, std::string_view seqId, std::string_view date,
                    std::string_view time, std::string_view key) {
  Fields f = {{"encType", "SM4"},
              {"platformId", kPlatformId},
              {"platformSeqId", std::string(seqId)},
              {"platformTransDate", std::string(date)},
              {"platformTransTime", std::string(time)},
              {"signType", "SM3"},
              {"transCode", std::string(transCode)},
              {"version", "1.0.0"}};
  return Body(f, plaintext, key);
}

std::string Reply(std::string_view rtCode, std::string_view rtMsg, std::string_view plaintext, std::string_view key) {
  Fields f = {{"encType", "SM4"}, {"rtCode", std::string(rtCode)}, {"rtMsg", std::string(rtMsg)}, {"signType", "SM3"}};
  return Body(f, plaintext, key);
}

bool Open(std::string_view body, std::string_view key, Fields* fields, std::string* plaintext) {
  rapidjson::Document d;
  if (d.Parse(body.data(), body.size()).HasParseError() || !d.IsObject()) return false;
  std::string_view sign;
  bool hasEnc = false;
  fields->clear();
  for (auto it = d.MemberBegin(); it != d.MemberEnd(); ++it) {
    if (!it->value.IsString()) return false;
    std::string_view k(it->name.GetString(), it->name.GetStringLength()), v(it->value.GetString(), it->value.GetStringLength());
    if (k == "encData") {
      hasEnc = true;
      if (!HexDecode(v, plaintext) || !Sm4DecryptInPlace(key, plaintext)) return false;
    } else if (k == "signData") {
      sign = v;
    } else {
      fields->emplace_back(k, v);
    }
  }
  return hasEnc && !sign.empty() && HexEqualsConstantTime(Sign(*fields, *plaintext, key), sign);
}

std::string FieldOf(const Fields& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return "";
}

std::string Compact(std::string_view json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace onetrans::bench::raw
