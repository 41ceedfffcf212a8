#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <algorithm>

#include <sys/stat.h>

#include "core/config.h"
#include "core/connection_string.h"

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

TEST_CASE("every numeric setting has a range; out of range names the key and the range", "[config][hostile]") {
  struct Case {
    const char* json;
    const char* key;
  } cases[] = {
      {R"({"transport":{"readTimeoutMs":0}})", "transport.readTimeoutMs"},  // 0 would remove the timeout
      {R"({"transport":{"retryBackoffMs":"9223372036854775807"}})", "transport.retryBackoffMs"},
      {R"({"transport":{"queryRetries":"4294967295"}})", "transport.queryRetries"},  // would wrap to 0
      {R"({"abi":{"outBufferSize":"99999999999999999999999"}})", "abi.outBufferSize"},
      {R"({"abi":{"outBufferSize":63}})", "abi.outBufferSize"},
      {R"({"abi":{"outBufferSize":-1}})", "abi.outBufferSize"},
      {R"({"abi":{"maxJsonDepth":0}})", "abi.maxJsonDepth"},
      {R"({"transport":{"connectTimeoutMs":"1e3"}})", "transport.connectTimeoutMs"},
      {R"({"log":{"maxFiles":0}})", "log.maxFiles"},
      {R"({"gateway":{"maxBodyBytes":1}})", "gateway.maxBodyBytes"},
      {R"({"bill":{"maxBytes":"18446744073709551616"}})", "bill.maxBytes"},
  };
  for (const auto& c : cases) {
    INFO(c.json);
    auto cfg = LoadConfig(c.json);
    REQUIRE_FALSE(cfg.ok());
    CHECK(cfg.status.message.find(c.key) != std::string::npos);
    CHECK(cfg.status.message.find("之间的整数") != std::string::npos);
  }
  auto top = LoadConfig(R"({"abi":{"outBufferSize":2147483647},"transport":{"queryRetries":10}})");
  REQUIRE(top.ok());
  CHECK(top.value.abi.outBufferSize == 2147483647u);
  CHECK_FALSE(LoadConfig(R"({"log":{"level":"verbose"}})").ok());
  CHECK_FALSE(LoadConfig(R"({"amp":{"profile":"other"}})").ok());
  CHECK_FALSE(LoadConfig(R"({"transport":{"proxy":"proxy.example:3128"}})").ok());  // no scheme
  CHECK(LoadConfig(R"({"transport":{"proxy":"env"}})").ok());
}

TEST_CASE("config files that are not small regular text files are refused, never read forever", "[config][hostile]") {
  auto dir = LoadConfig("/tmp");
  CHECK_FALSE(dir.ok());
  CHECK(dir.status.message.find("不是普通文件") != std::string::npos);
  std::ofstream("nul_config.ini", std::ios::binary) << std::string("\0[abi]\noutBufferSize=128\n", 26);
  auto nul = LoadConfig("nul_config.ini");
  CHECK_FALSE(nul.ok());
  CHECK(nul.status.message.find("NUL") != std::string::npos);
  std::remove("nul_config.ini");
  std::remove("config.fifo");
  REQUIRE(mkfifo("config.fifo", 0600) == 0);  // nobody writes: opening it must not block
  auto fifo = LoadConfig("config.fifo");
  CHECK_FALSE(fifo.ok());
  std::remove("config.fifo");
  auto zero = LoadConfig("/dev/zero");
  CHECK_FALSE(zero.ok());
  CHECK(zero.status.message.find("不是普通文件") != std::string::npos);
  std::ofstream("big_config.ini") << std::string(kMaxConfigBytes + 1, ';');
  auto big = LoadConfig("big_config.ini");
  CHECK_FALSE(big.ok());
  CHECK(big.status.message.find("超过") != std::string::npos);
  std::remove("big_config.ini");
}

TEST_CASE("a broken config still tells what the host declared for its buffer", "[config][hostile]") {
  std::ofstream("declared.ini") << "[abi]\noutBufferSize = 128\ncharset = GBK\n[qingyuan]\nplatfromId = typo\n";
  HostDeclared declared;
  auto cfg = LoadConfig("declared.ini", &declared);
  CHECK_FALSE(cfg.ok());
  CHECK(declared.outBufferSize == 128);
  CHECK(declared.charset == "GBK");
  std::ofstream("declared.ini") << "[abi]\noutBufferSize = 99999999999999999999\n";
  CHECK_FALSE(LoadConfig("declared.ini", &declared).ok());
  CHECK(declared.outBufferSize == 64);  // unreadable: the smallest any configuration may declare
  std::ofstream("declared.ini") << "[transport]\nreadTimeoutMs = 0\n";
  CHECK_FALSE(LoadConfig("declared.ini", &declared).ok());
  CHECK(declared.outBufferSize == 8192);  // not declared: the documented default
  std::remove("declared.ini");
}

TEST_CASE("INI values with ; = {} and long statements over continuation lines reach us intact", "[config]") {
  std::ofstream("odbc.ini") << "[journal]\nodbc = Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=5432;Uid=his;Pwd=p=w;\n"
                               "[gateway.amp.sql]\nORG_003 = SELECT * FROM his_recharge_settle(:org_trace_no,\n"
                               "    :amp_trace_id, :feesum_amt)\n[qingyuan.platforms]\nQY000002 = B1B2C3D4E5F60718293A4B5C6D7E8F90\n";
  auto cfg = LoadConfig("odbc.ini");
  REQUIRE(cfg.ok());
  CHECK(cfg.value.journal.odbc == "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=5432;Uid=his;Pwd=p=w;");
  CHECK(cfg.value.gateway.routes["amp"].sql["ORG_003"] == "SELECT * FROM his_recharge_settle(:org_trace_no,\n:amp_trace_id, :feesum_amt)");
  CHECK(cfg.value.qingyuan.platforms["QY000002"] == "B1B2C3D4E5F60718293A4B5C6D7E8F90");
  auto secrets = cfg.value.Secrets();
  CHECK(std::find(secrets.begin(), secrets.end(), "p=w") == secrets.end());  // too short to mask safely
  std::remove("odbc.ini");
  std::ofstream("long.ini") << "[gateway.amp.sql]\nORG_003 = " << std::string(300, 'x') << "\n";
  auto tooLong = LoadConfig("long.ini");
  CHECK_FALSE(tooLong.ok());
  CHECK(tooLong.status.message.find("续行") != std::string::npos);
  std::remove("long.ini");
}

TEST_CASE("ODBC connection strings: passwords found wherever they are, and hidden", "[config][odbc]") {
  const std::string cs = "Driver={PostgreSQL Unicode};Server=127.0.0.1;Uid=his;PWD={Hs!pw;x}}y};Port=5432";
  auto attrs = ParseConnectionString(cs);
  REQUIRE(attrs.size() == 5);
  CHECK(attrs[0].value == "PostgreSQL Unicode");
  CHECK(attrs[3].value == "Hs!pw;x}y");
  CHECK(ConnectionStringPasswords(cs) == std::vector<std::string>{"Hs!pw;x}y"});
  CHECK(RedactConnectionString(cs) == "Driver={PostgreSQL Unicode};Server=127.0.0.1;Uid=his;PWD=***;Port=5432");
  CHECK(RedactConnectionString(" password = plain ;DSN=his") == " password = ***;DSN=his");
  CHECK(ConnectionStringPasswords("Password=plainpw").front() == "plainpw");
  std::ofstream("braced.ini") << "[journal]\nodbc = Driver=/usr/lib/odbc/psqlodbcw.so;Uid=his;Pwd={Hs!pw;x}}y}\n";
  auto cfg = LoadConfig("braced.ini");
  REQUIRE(cfg.ok());
  auto secrets = cfg.value.Secrets();
  CHECK(std::find(secrets.begin(), secrets.end(), "Hs!pw;x}y") != secrets.end());
  std::remove("braced.ini");
}
