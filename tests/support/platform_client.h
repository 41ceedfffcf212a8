// The platforms as a test plays them, written apart from OneTrans's own code: SM3/SM4/MD5 on raw
// OpenSSL EVP, the signing strings from PROTOCOL.md §4 and §9.1 spelled out again here, HTTP
// through cpp-httplib's client. A rule OneTrans got wrong on both sides cannot pass unnoticed.
#pragma once
#include <map>
#include <optional>
#include <string>

#include <rapidjson/document.h>

namespace onetrans::test::platform {

std::string Sm3Hex(const std::string& data);
std::string Md5Hex(const std::string& data);
std::string Sm4EncryptHex(const std::string& key16, const std::string& plain);
std::optional<std::string> Sm4DecryptHex(const std::string& key16, const std::string& hex);
std::string Compact(const rapidjson::Value& v);

// A Qingyuan request envelope (platform -> hospital) for `transCode` with business `data`.
struct QingyuanEnvelope {
  std::string platformId, key, transCode, plaintext;
  std::string seqId, date, time;  // empty: fresh id, now
  std::string version = "1.0.0";
};
std::string QingyuanRequest(const QingyuanEnvelope& e);

// A Qingyuan reply opened and verified: rtCode, rtMsg, the decrypted plaintext (if any).
struct QingyuanReply {
  bool verified = false;
  std::string rtCode, rtMsg;
  std::optional<std::string> plaintext;
};
QingyuanReply OpenQingyuanReply(const std::string& body, const std::string& key);

// A 一帐通 body: the fields (a flat JSON object) with `sign` appended; and its check.
std::string YztSigned(const rapidjson::Value& fields, const std::string& secret);
bool YztVerify(const std::string& body, const std::string& secret);

struct HttpAnswer {
  int status = 0;
  std::string body;
};
HttpAnswer Post(const std::string& base, const std::string& path, const std::string& body,
                const std::map<std::string, std::string>& headers = {});
// HTTPS: the CA file the platform trusts ("" = none set).
void TrustCa(const std::string& caFile);

}  // namespace onetrans::test::platform
