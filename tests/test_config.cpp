#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "core/config.h"

using namespace onetrans;

TEST_CASE("INI configuration", "[config]") {
  std::string path = "test_config_sample.ini";
  std::ofstream(path) << "\xEF\xBB\xBF; comment\n[qingyuan]\nserverAddr = https://example.invalid/gw\nplatformId=QY000001\n"
                         "key=A1B2C3D4E5F60718293A4B5C6D7E8F90\n[transport]\nconnectTimeoutMs=1500\nverifyTls=false\n"
                         "[abi]\noutBufferSize=65536\ncharset=GBK\n[log]\nlevel=debug\n";
  auto cfg = LoadConfig(path.c_str());
  REQUIRE(cfg.ok());
  CHECK(cfg.value.qingyuan.serverAddr == "https://example.invalid/gw");
  CHECK(cfg.value.qingyuan.version == "1.0.0");
  CHECK(cfg.value.transport.connectTimeoutMs == 1500);
  CHECK(cfg.value.transport.readTimeoutMs == 30000);
  CHECK_FALSE(cfg.value.transport.verifyTls);
  CHECK(cfg.value.abi.outBufferSize == 65536);
  CHECK(cfg.value.abi.charset == "GBK");
  std::remove(path.c_str());
}

TEST_CASE("JSON configuration, inline and from a file", "[config]") {
  auto cfg = LoadConfig(R"({"qingyuan":{"platformId":"QY000002"},"transport":{"readTimeoutMs":5000,"verifyTls":true}})");
  REQUIRE(cfg.ok());
  CHECK(cfg.value.qingyuan.platformId == "QY000002");
  CHECK(cfg.value.transport.readTimeoutMs == 5000);
  CHECK(cfg.value.source == "inline JSON");
}

TEST_CASE("bad configuration names the key", "[config]") {
  auto unknown = LoadConfig(R"({"qingyuan":{"platfromId":"x"}})");
  CHECK(unknown.status.code == rc::kInvalidInput);
  CHECK(unknown.status.message.find("qingyuan.platfromId") != std::string::npos);
  auto badNumber = LoadConfig(R"({"transport":{"readTimeoutMs":"soon"}})");
  CHECK(badNumber.status.message.find("transport.readTimeoutMs") != std::string::npos);
  CHECK_FALSE(LoadConfig(R"({"abi":{"charset":"latin1"}})").ok());
  CHECK_FALSE(LoadConfig("/nonexistent/OneTrans.ini").ok());
}

TEST_CASE("default search: ONETRANS_CONFIG, then the working directory", "[config]") {
  std::ofstream("OneTrans.ini") << "[qingyuan]\nplatformId=FROMCWD1\n";
  std::ofstream("env_config.json") << R"({"qingyuan":{"platformId":"FROMENV1"}})";
  unsetenv("ONETRANS_CONFIG");
  auto cwd = LoadConfig(nullptr);
  REQUIRE(cwd.ok());
  CHECK(cwd.value.qingyuan.platformId == "FROMCWD1");
  setenv("ONETRANS_CONFIG", "env_config.json", 1);
  auto env = LoadConfig(nullptr);
  REQUIRE(env.ok());
  CHECK(env.value.qingyuan.platformId == "FROMENV1");
  unsetenv("ONETRANS_CONFIG");
  std::remove("OneTrans.ini");
  std::remove("env_config.json");
}
