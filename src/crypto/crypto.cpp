#include "crypto/crypto.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace onetrans::crypto {
namespace {

struct CipherCtxFree { void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); } };

// Fetched once: EVP_*_fetch walks the provider tables, which is costly on every call.
const EVP_MD* FetchMd(const char* name) {
  // Static locals are initialised thread-safely; the leak at exit is deliberate, since
  // freeing them from a static destructor races with late calls from host threads.
  if (std::string_view(name) == "SM3") { static EVP_MD* m = EVP_MD_fetch(nullptr, "SM3", nullptr); return m; }
  if (std::string_view(name) == "SHA1") { static EVP_MD* m = EVP_MD_fetch(nullptr, "SHA1", nullptr); return m; }
  static EVP_MD* m = EVP_MD_fetch(nullptr, "MD5", nullptr);
  return m;
}

const EVP_CIPHER* Sm4Ecb() {
  static EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "SM4-ECB", nullptr);
  return c;
}

Bytes Digest(const char* name, std::string_view data) {
  const EVP_MD* md = FetchMd(name);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (md == nullptr || EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) return {};
  return Bytes(reinterpret_cast<char*>(out), len);
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

Status Sm4Init(bool encrypt, std::string_view key16, bool pkcs7, CipherCtx* ctx) {
  if (key16.size() != 16) return Status::Fail(rc::kInternal, "SM4 密钥长度必须为16字节");
  const EVP_CIPHER* cipher = Sm4Ecb();
  if (cipher == nullptr) return Status::Fail(rc::kInternal, "OpenSSL 不支持 SM4-ECB");
  ctx->reset(EVP_CIPHER_CTX_new());
  if (!*ctx || EVP_CipherInit_ex2(ctx->get(), cipher, reinterpret_cast<const unsigned char*>(key16.data()),
                                  nullptr, encrypt ? 1 : 0, nullptr) != 1)
    return Status::Fail(rc::kInternal, "SM4 初始化失败");
  EVP_CIPHER_CTX_set_padding(ctx->get(), pkcs7 ? 1 : 0);
  return Status::Ok();
}

Result<Bytes> Sm4(bool encrypt, std::string_view key16, std::string_view in, bool pkcs7) {
  if (!encrypt && (in.empty() || in.size() % 16 != 0))
    return Status::Fail(rc::kDecrypt, "密文长度不是16字节的整数倍");
  CipherCtx ctx;
  if (Status st = Sm4Init(encrypt, key16, pkcs7, &ctx); !st.ok()) return st;
  Bytes out(in.size() + 16, '\0');
  int n1 = 0, n2 = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), o, &n1, reinterpret_cast<const unsigned char*>(in.data()),
                       static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), o + n1, &n2) != 1) {
    return Status::Fail(encrypt ? rc::kInternal : rc::kDecrypt,
                        encrypt ? "SM4 加密失败" : "SM4 解密失败（填充错误或密钥不符）");
  }
  out.resize(static_cast<std::size_t>(n1 + n2));
  return out;
}

void AppendHex(std::string* out, std::string_view bytes, const char* digits) {
  // Two output characters per input byte from a 256-entry table built once per alphabet.
  struct Table {
    char pairs[512];
    explicit Table(const char* d) {
      for (int b = 0; b < 256; ++b) {
        pairs[2 * b] = d[b >> 4];
        pairs[2 * b + 1] = d[b & 0x0F];
      }
    }
  };
  static const Table upper("0123456789ABCDEF"), lower("0123456789abcdef");
  const char* pairs = digits[10] == 'A' ? upper.pairs : lower.pairs;
  std::size_t at = out->size();
  out->resize(at + bytes.size() * 2);
  char* o = out->data() + at;
  for (unsigned char b : bytes) {
    std::memcpy(o, pairs + 2 * b, 2);
    o += 2;
  }
}

std::string Hex(std::string_view bytes, const char* digits) {
  std::string out;
  AppendHex(&out, bytes, digits);
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

Bytes Sm3(std::string_view data) { return Digest("SM3", data); }

Sm3Stream::Sm3Stream() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ != nullptr) EVP_DigestInit_ex2(static_cast<EVP_MD_CTX*>(ctx_), FetchMd("SM3"), nullptr);
}
Sm3Stream::~Sm3Stream() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }
void Sm3Stream::Update(std::string_view piece) {
  if (ctx_ != nullptr) EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), piece.data(), piece.size());
}
std::string Sm3Stream::FinalHex() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (ctx_ == nullptr || EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md, &len) != 1) return {};
  return HexUpper(std::string_view(reinterpret_cast<char*>(md), len));
}
std::string Sm3Hex(std::string_view data) { return HexUpper(Sm3(data)); }
Bytes Sha1(std::string_view data) { return Digest("SHA1", data); }
Bytes Md5(std::string_view data) { return Digest("MD5", data); }

Result<Bytes> Sm4EcbEncrypt(std::string_view key16, std::string_view plain, bool pkcs7) {
  return Sm4(true, key16, plain, pkcs7);
}
Result<Bytes> Sm4EcbDecrypt(std::string_view key16, std::string_view cipher, bool pkcs7) {
  return Sm4(false, key16, cipher, pkcs7);
}

Status Sm4EcbEncryptAppendHex(std::string_view key16, std::string_view plain, std::string* out) {
  CipherCtx ctx;
  if (Status st = Sm4Init(true, key16, true, &ctx); !st.ok()) return st;
  // Slices small enough to stay in cache; ECB needs nothing from one slice for the next.
  constexpr std::size_t kSlice = 16 * 1024;
  unsigned char buf[kSlice + 16];
  int n = 0;
  out->reserve(out->size() + Sm4EcbHexSize(plain.size()));
  for (std::size_t at = 0; at < plain.size(); at += kSlice) {
    std::size_t len = std::min(kSlice, plain.size() - at);
    if (EVP_EncryptUpdate(ctx.get(), buf, &n, reinterpret_cast<const unsigned char*>(plain.data() + at),
                          static_cast<int>(len)) != 1)
      return Status::Fail(rc::kInternal, "SM4 加密失败");
    AppendHexUpper(out, std::string_view(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n)));
  }
  if (EVP_EncryptFinal_ex(ctx.get(), buf, &n) != 1) return Status::Fail(rc::kInternal, "SM4 加密失败");
  AppendHexUpper(out, std::string_view(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n)));
  return Status::Ok();
}

std::string HexUpper(std::string_view bytes) { return Hex(bytes, "0123456789ABCDEF"); }
void AppendHexUpper(std::string* out, std::string_view bytes) { AppendHex(out, bytes, "0123456789ABCDEF"); }
std::string HexLower(std::string_view bytes) { return Hex(bytes, "0123456789abcdef"); }

bool HexDecode(std::string_view hex, Bytes* out) {
  out->clear();
  return AppendHexDecoded(hex, out);
}

bool AppendHexDecoded(std::string_view hex, Bytes* out) {
  // 0x00-0x0F for a digit, 0x10 marks anything else: one OR over a pair tells if both were digits.
  struct Table {
    unsigned char v[256];
    Table() {
      for (int c = 0; c < 256; ++c) v[c] = static_cast<unsigned char>(HexValue(static_cast<char>(c)) < 0 ? 0x10 : HexValue(static_cast<char>(c)));
    }
  };
  static const Table t;
  if (hex.size() % 2 != 0) return false;
  std::size_t at = out->size();
  out->resize(at + hex.size() / 2);
  auto* o = reinterpret_cast<unsigned char*>(out->data() + at);
  const auto* in = reinterpret_cast<const unsigned char*>(hex.data());
  unsigned char bad = 0;
  for (std::size_t i = 0, n = hex.size() / 2; i < n; ++i) {
    unsigned char hi = t.v[in[2 * i]], lo = t.v[in[2 * i + 1]];
    bad |= hi | lo;
    o[i] = static_cast<unsigned char>((hi << 4) | (lo & 0x0F));
  }
  if ((bad & 0x10) != 0) {
    out->resize(at);
    return false;
  }
  return true;
}

Status Sm4EcbDecryptInPlace(std::string_view key16, Bytes* data) {
  if (data->empty() || data->size() % 16 != 0) return Status::Fail(rc::kDecrypt, "密文长度不是16字节的整数倍");
  CipherCtx ctx;
  if (Status st = Sm4Init(false, key16, true, &ctx); !st.ok()) return st;
  auto* p = reinterpret_cast<unsigned char*>(data->data());
  int n1 = 0, n2 = 0;
  // ECB decrypts each block alone: the output may overwrite the input as it goes. OpenSSL holds
  // back the last block until Final (padding), so the output trails the input.
  if (EVP_DecryptUpdate(ctx.get(), p, &n1, p, static_cast<int>(data->size())) != 1 || EVP_DecryptFinal_ex(ctx.get(), p + n1, &n2) != 1)
    return Status::Fail(rc::kDecrypt, "SM4 解密失败（填充错误或密钥不符）");
  data->resize(static_cast<std::size_t>(n1 + n2));
  return Status::Ok();
}

bool HexEqualsConstantTime(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    // Folding ASCII letters to lower case is branch-free: set bit 0x20 only on letters.
    unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    x |= static_cast<unsigned char>(((x >= 'A') & (x <= 'Z')) << 5);
    y |= static_cast<unsigned char>(((y >= 'A') & (y <= 'Z')) << 5);
    diff |= static_cast<unsigned>(x ^ y);
  }
  return diff == 0;
}

std::string RandomAlnum(std::size_t n) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  out.reserve(n);
  unsigned char buf[64];
  while (out.size() < n) {
    if (RAND_bytes(buf, sizeof buf) != 1) continue;
    for (unsigned char b : buf) {
      if (b >= 248) continue;  // 248 = 4 * 62: rejecting the rest keeps the draw uniform
      out.push_back(kAlphabet[b % 62]);
      if (out.size() == n) break;
    }
  }
  return out;
}

}  // namespace onetrans::crypto
