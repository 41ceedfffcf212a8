#include "support/platform_client.h"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <ctime>
#include <vector>

namespace onetrans::test::platform {
namespace {

std::string Hex(const unsigned char* p, std::size_t n) {
  static const char* d = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += d[p[i] >> 4];
    out += d[p[i] & 15];
  }
  return out;
}

std::string Digest(const char* name, const std::string& data) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  EVP_MD_free(md);
  return Hex(out, len);
}

std::string Now(const char* fmt) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, fmt, &tm);
  return buf;
}

std::string Random(std::size_t n) {
  static const char* a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  unsigned char b[64];
  RAND_bytes(b, sizeof b);
  for (std::size_t i = 0; i < n; ++i) out += a[b[i % 64] % 62];
  return out;
}

// §4: every field but signData/encData/extendParmas, skipping empty ones, plus data=<plaintext>,
// sorted, k=v joined with &, then &key=<access key>.
std::string QingyuanSignature(std::vector<std::pair<std::string, std::string>> fields, const std::string& key) {
  std::sort(fields.begin(), fields.end());
  std::string s;
  for (const auto& [k, v] : fields) {
    if (v.empty() || k == "signData" || k == "encData" || k == "extendParmas") continue;
    s += (s.empty() ? "" : "&") + k + "=" + v;
  }
  return Sm3Hex(s + "&key=" + key);
}

}  // namespace

std::string Sm3Hex(const std::string& data) { return Digest("SM3", data); }
std::string Md5Hex(const std::string& data) { return Digest("MD5", data); }

std::string Sm4EncryptHex(const std::string& key16, const std::string& plain) {
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "SM4-ECB", nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex2(ctx, c, reinterpret_cast<const unsigned char*>(key16.data()), nullptr, nullptr);
  std::vector<unsigned char> out(plain.size() + 16);
  int n1 = 0, n2 = 0;
  EVP_EncryptUpdate(ctx, out.data(), &n1, reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
  EVP_EncryptFinal_ex(ctx, out.data() + n1, &n2);
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(c);
  return Hex(out.data(), static_cast<std::size_t>(n1 + n2));
}

std::optional<std::string> Sm4DecryptHex(const std::string& key16, const std::string& hex) {
  if (hex.size() % 32 != 0) return std::nullopt;
  std::vector<unsigned char> in(hex.size() / 2);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<unsigned char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "SM4-ECB", nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_DecryptInit_ex2(ctx, c, reinterpret_cast<const unsigned char*>(key16.data()), nullptr, nullptr);
  std::vector<unsigned char> out(in.size() + 16);
  int n1 = 0, n2 = 0;
  bool ok = EVP_DecryptUpdate(ctx, out.data(), &n1, in.data(), static_cast<int>(in.size())) == 1 &&
            EVP_DecryptFinal_ex(ctx, out.data() + n1, &n2) == 1;
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(c);
  if (!ok) return std::nullopt;
  return std::string(reinterpret_cast<char*>(out.data()), static_cast<std::size_t>(n1 + n2));
}

std::string Compact(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string QingyuanRequest(const QingyuanEnvelope& e) {
  std::string seq = e.seqId.empty() ? Now("%Y%m%d%H%M%S") + Random(18) : e.seqId;
  std::string date = e.date.empty() ? Now("%Y%m%d") : e.date;
  std::string time = e.time.empty() ? Now("%H%M%S") : e.time;
  std::vector<std::pair<std::string, std::string>> fields = {
      {"encType", "SM4"}, {"platformId", e.platformId}, {"platformSeqId", seq}, {"platformTransDate", date},
      {"platformTransTime", time}, {"signType", "SM3"}, {"transCode", e.transCode}, {"version", e.version},
      {"data", e.plaintext}};
  std::string sign = QingyuanSignature(fields, e.key);
  rapidjson::Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  auto str = [&](const std::string& s) { return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a); };
  d.AddMember("encData", str(Sm4EncryptHex(e.key.substr(0, 16), e.plaintext)), a);
  for (const auto& [k, v] : fields)
    if (k != "data") d.AddMember(str(k), str(v), a);
  d.AddMember("signData", str(sign), a);
  return Compact(d);
}

QingyuanReply OpenQingyuanReply(const std::string& body, const std::string& key) {
  QingyuanReply r;
  rapidjson::Document d;
  if (d.Parse(body.c_str(), body.size()).HasParseError() || !d.IsObject()) return r;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string sign;
  for (auto it = d.MemberBegin(); it != d.MemberEnd(); ++it) {
    std::string k = it->name.GetString();
    std::string v = it->value.IsString() ? it->value.GetString() : Compact(it->value);
    if (k == "signData") sign = v;
    else if (k == "encData") r.plaintext = Sm4DecryptHex(key.substr(0, 16), v);
    else fields.emplace_back(k, v);
    if (k == "rtCode") r.rtCode = v;
    if (k == "rtMsg") r.rtMsg = v;
  }
  if (d.HasMember("encData") && !r.plaintext) return r;
  if (r.plaintext) fields.emplace_back("data", *r.plaintext);
  std::string expected = QingyuanSignature(fields, key);
  std::string upper = sign;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  r.verified = !sign.empty() && upper == expected;
  return r;
}

// §9.1: every member but sign, skipping null and "", strings as their text, arrays and objects as
// compact JSON, sorted by key, k=v&…&key=<secret>; MD5, uppercase hex.
std::string YztSigned(const rapidjson::Value& fields, const std::string& secret) {
  std::vector<std::pair<std::string, std::string>> parts;
  for (auto it = fields.MemberBegin(); it != fields.MemberEnd(); ++it) {
    std::string k = it->name.GetString();
    if (k == "sign" || it->value.IsNull() || (it->value.IsString() && it->value.GetStringLength() == 0)) continue;
    parts.emplace_back(k, it->value.IsString() ? it->value.GetString() : Compact(it->value));
  }
  std::sort(parts.begin(), parts.end());
  std::string s;
  for (const auto& [k, v] : parts) s += (s.empty() ? "" : "&") + k + "=" + v;
  std::string sign = Md5Hex(s + "&key=" + secret);
  std::string body = Compact(fields);
  body.pop_back();
  return body + (body.size() > 1 ? "," : "") + "\"sign\":\"" + sign + "\"}";
}

bool YztVerify(const std::string& body, const std::string& secret) {
  rapidjson::Document d;
  if (d.Parse(body.c_str(), body.size()).HasParseError() || !d.IsObject() || !d.HasMember("sign")) return false;
  std::string given = d["sign"].GetString();
  rapidjson::Document again;
  again.Parse(YztSigned(d, secret).c_str());
  return given == std::string(again["sign"].GetString());
}

namespace {
std::string g_ca;
}  // namespace

void TrustCa(const std::string& caFile) { g_ca = caFile; }

HttpAnswer Post(const std::string& base, const std::string& path, const std::string& body,
                const std::map<std::string, std::string>& headers) {
  httplib::Client client(base);
  if (!g_ca.empty()) client.set_ca_cert_path(g_ca.c_str());
  client.set_read_timeout(30, 0);
  httplib::Headers h;
  for (const auto& [k, v] : headers) h.emplace(k, v);
  auto res = client.Post(path.c_str(), h, body, "application/json; charset=UTF-8");
  if (!res) return {};
  return {res->status, res->body};
}

}  // namespace onetrans::test::platform
