// Every envelope vector of tests/data/vectors.json (the public conformance vectors), byte for byte.
#include <catch2/catch.hpp>

#include <set>

#include "crypto/crypto.h"
#include "platform/amp.h"
#include "platform/qingyuan.h"
#include "support/vectors.h"

using namespace onetrans;
using onetrans::test::Str;

TEST_CASE("Qingyuan request vectors: signing string, signData, encData and body", "[envelope][vectors]") {
  auto vectors = test::VectorsOfKind("qingyuan-request");
  REQUIRE(vectors.size() >= 4);
  for (const auto* v : vectors) {
    INFO(Str(*v, "id"));
    const json::Value& env = (*v)["envelope"];
    const json::Value& exp = (*v)["expected"];
    std::string key = Str(*v, "key"), plaintext = Str(*v, "plaintext");
    auto rules = platform::qingyuan::Rules(key);
    CHECK(rules.sm4Key == Str(exp, "sm4Key"));
    CHECK(envelope::SigningString(envelope::FieldsOf(env), plaintext, rules) == Str(exp, "signString"));

    platform::qingyuan::Request r;
    r.transCode = Str(env, "transCode");
    r.platformId = Str(env, "platformId");
    r.platformSeqId = Str(env, "platformSeqId");
    r.platformTransDate = Str(env, "platformTransDate");
    r.platformTransTime = Str(env, "platformTransTime");
    r.version = Str(env, "version");
    if (json::Find(env, "extendParmas") != nullptr) r.extendParmas = Str(env, "extendParmas");
    r.plaintext = plaintext;
    auto body = platform::qingyuan::BuildRequestBody(r, key);
    REQUIRE(body.ok());
    CHECK(body.value == json::Serialize(exp["body"]));

    // The sandbox side opens what the client sealed.
    platform::qingyuan::Incoming in;
    REQUIRE(platform::qingyuan::OpenRequest(body.value, key, &in).ok());
    CHECK(*in.opened.plaintext == plaintext);
  }
}

TEST_CASE("Qingyuan response vectors: verification and decryption", "[envelope][vectors]") {
  auto vectors = test::VectorsOfKind("qingyuan-response");
  REQUIRE(vectors.size() >= 4);
  for (const auto* v : vectors) {
    INFO(Str(*v, "id"));
    const json::Value& exp = (*v)["expected"];
    auto reply = platform::qingyuan::OpenReply(json::Serialize((*v)["body"]), Str(*v, "key"));
    CHECK(std::string(CodeText(reply.ok() ? rc::kOk : reply.status.code)) == Str(exp, "code"));
    if (reply.ok()) {
      CHECK(reply.value.rtCode == Str(exp, "rtCode"));
      const json::Value& plain = exp["plaintext"];
      if (plain.IsNull()) CHECK_FALSE(reply.value.plaintext.has_value());
      else CHECK(*reply.value.plaintext == plain.GetString());
      auto rules = platform::qingyuan::Rules(Str(*v, "key"));
      CHECK(envelope::SigningString(envelope::FieldsOf((*v)["body"]), reply.value.plaintext, rules) == Str(exp, "signString"));
    }
  }
}

TEST_CASE("Qingyuan replies built by the sandbox side verify on the client side", "[envelope]") {
  platform::qingyuan::Reply r{"0000", "交易成功", std::string(R"({"a":1,"名":"值"})")};
  std::string body = platform::qingyuan::BuildReplyBody(r, "A1B2C3D4E5F60718293A4B5C6D7E8F90");
  auto back = platform::qingyuan::OpenReply(body, "A1B2C3D4E5F60718293A4B5C6D7E8F90");
  REQUIRE(back.ok());
  CHECK(*back.value.plaintext == *r.plaintext);
  CHECK(platform::qingyuan::OpenReply(body, "B1B2C3D4E5F60718293A4B5C6D7E8F90").status.code == rc::kDecrypt);
  std::string unsignedBody = body;
  unsignedBody.replace(unsignedBody.find("\"signData\":\"") + 12, 4, "0000");
  CHECK(platform::qingyuan::OpenReply(unsignedBody, "A1B2C3D4E5F60718293A4B5C6D7E8F90").status.code == rc::kSignature);
  CHECK(platform::qingyuan::OpenReply("not json", "A1B2C3D4E5F60718293A4B5C6D7E8F90").status.code == rc::kTransport);
}

TEST_CASE("platformSeqId: generated ids are valid and unique", "[envelope]") {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    std::string id = platform::qingyuan::NewPlatformSeqId();
    CHECK(id.size() == 32);
    CHECK(platform::qingyuan::IsValidPlatformSeqId(id));
    CHECK(seen.insert(id).second);
  }
  CHECK_FALSE(platform::qingyuan::IsValidPlatformSeqId("1234567"));
  CHECK_FALSE(platform::qingyuan::IsValidPlatformSeqId("12345678-"));
  CHECK_FALSE(platform::qingyuan::IsValidPlatformSeqId(std::string(41, 'a')));
}

TEST_CASE("AMP key derivation vector", "[envelope][vectors][amp]") {
  for (const auto* v : test::VectorsOfKind("amp-derive-key")) {
    INFO(Str(*v, "id"));
    const json::Value& exp = (*v)["expected"];
    auto key = platform::amp::DeriveSm4Key(Str(*v, "appId"), Str(*v, "appKey"), "hsa");
    REQUIRE(key.ok());
    CHECK(key.value == Str(exp, "sm4Key"));
    auto cipher = crypto::Sm4EcbEncrypt(Str(exp, "sm4KeyOfDerivation"), Str(*v, "appKey"));
    CHECK(crypto::HexUpper(cipher.value) == Str(exp, "cipherHex"));
  }
}

TEST_CASE("AMP request vectors: plaintext, signing string and body", "[envelope][vectors][amp]") {
  auto vectors = test::VectorsOfKind("amp-request");
  REQUIRE(vectors.size() >= 2);
  for (const auto* v : vectors) {
    INFO(Str(*v, "id"));
    const json::Value& exp = (*v)["expected"];
    std::string plaintext = platform::amp::BusinessPlaintext((*v)["input"]["data"]);
    CHECK(plaintext == Str(*v, "plaintext"));
    auto rules = platform::amp::Rules(Str(*v, "appId"), Str(*v, "appKey"), Str(*v, "keyDerivation"));
    REQUIRE(rules.ok());
    CHECK(rules.value.sm4Key == Str(exp, "sm4Key"));
    CHECK(envelope::SigningString(envelope::FieldsOf((*v)["envelope"]), plaintext, rules.value) == Str(exp, "signString"));
    platform::amp::Request r;
    const json::Value& env = (*v)["envelope"];
    r.appId = Str(env, "appId");
    r.orgId = Str(env, "orgId");
    r.timestamp = Str(env, "timestamp");
    r.version = Str(env, "version");
    r.plaintext = plaintext;
    auto body = platform::amp::BuildRequestBody(r, rules.value);
    REQUIRE(body.ok());
    CHECK(body.value == json::Serialize(exp["body"]));
  }
}

TEST_CASE("AMP response vectors", "[envelope][vectors][amp]") {
  auto vectors = test::VectorsOfKind("amp-response");
  REQUIRE(vectors.size() >= 2);
  for (const auto* v : vectors) {
    INFO(Str(*v, "id"));
    const json::Value& exp = (*v)["expected"];
    auto rules = platform::amp::Rules(Str(*v, "appId"), Str(*v, "appKey"), Str(*v, "keyDerivation"));
    REQUIRE(rules.ok());
    auto reply = platform::amp::OpenReply(json::Serialize((*v)["body"]), rules.value);
    CHECK(std::string(CodeText(reply.ok() ? rc::kOk : reply.status.code)) == Str(exp, "code"));
    if (reply.ok()) {
      CHECK(reply.value.success == exp["success"].GetBool());
      CHECK(*reply.value.plaintext == Str(exp, "plaintext"));
      CHECK(envelope::SigningString(envelope::FieldsOf((*v)["body"]), reply.value.plaintext, rules.value) ==
            Str(exp, "signString"));
    }
  }
}
