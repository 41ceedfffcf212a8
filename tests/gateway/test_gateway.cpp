// The gateway answering the platforms for the HIS (PROTOCOL.md §9), on 127.0.0.1, driven by a
// platform client that shares no code with OneTrans (tests/support/platform_client.h).
#include <catch2/catch.hpp>

#include "support/hostile.h"
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "catalog/catalog.h"
#include "core/json.h"
#include "crypto/crypto.h"
#include "gateway/fixtures.h"
#include "gateway/gateway_harness.h"
#include "journal/journal.h"
#include "support/platform_client.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

std::vector<std::string> InboundApis() {
  std::vector<std::string> apis;
  for (const catalog::Catalog* c : catalog::All())
    for (const auto& [code, itf] : c->interfaces())
      if (itf.inbound) apis.push_back(code);
  return apis;
}

const InboundFixture& Fixture(const std::string& api) { return InboundFixtures().at(api); }

// The fixture request with one field replaced (a new business key, a changed amount).
std::string With(const std::string& json, const std::string& field, const std::string& value) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  rapidjson::Value v(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), d.GetAllocator());
  auto it = d.FindMember(field.c_str());
  if (it != d.MemberEnd()) {
    it->value = v;
  } else {
    d.AddMember(rapidjson::Value(field.c_str(), d.GetAllocator()), v, d.GetAllocator());
  }
  return platform::Compact(d);
}

bool Success(const PlatformAnswer& a, const std::string& platformName) {
  if (platformName == "qingyuan") return a.code == "0000";
  if (platformName == "amp") return a.code == "00" || (a.code.empty() && a.http == 200);
  if (platformName == "yzt") return a.code == "00";
  return a.code == "0";
}

const char* kMoney[] = {"ORG_003", "ORG_005", "ORG_007", "op_yjj_account_transfer_in", "MPAY_002"};

// The idempotency key's first field: a fresh value gives a new movement.
std::string FreshKeyed(const std::string& api) {
  const catalog::Interface* itf = nullptr;
  for (const catalog::Catalog* c : catalog::All())
    if (c->Find(api) != nullptr) itf = c->Find(api);
  return With(Fixture(api).request, itf->inboundRules.idempotencyKey.front(), "K" + crypto::RandomAlnum(12));
}

}  // namespace

TEST_CASE("all 20 inbound APIs answered for the HIS, each in its platform's own form", "[gateway]") {
  TestHis::Get().Reset();
  GatewayHarness gw;
  auto apis = InboundApis();
  CHECK(apis.size() == 20);
  for (const std::string& api : apis) {
    INFO(api);
    const InboundFixture& f = Fixture(api);
    PlatformAnswer a = Send(gw.base(), api, f.request);
    INFO(a.raw.substr(0, 400));
    CHECK(a.http == 200);
    CHECK(a.verified);
    CHECK(Success(a, f.platform));
    CHECK(SameJson(a.data, f.response));
    CHECK(TestHis::Get().calls(api) == 1);
    // The HIS saw the business fields as sent, nothing of the envelope.
    std::string seen = TestHis::Get().lastRequest(api);
    rapidjson::Document req;
    req.Parse(seen.c_str());
    CHECK(std::string(req["platform"].GetString()) == f.platform);
    CHECK(std::string(req["api"].GetString()) == api);
    CHECK(std::string(req["requestId"].GetString()).size() == 32);
    CHECK(!req["data"].HasMember("sign"));
    CHECK(!req["data"].HasMember("method"));
    if (f.platform != "mpay") CHECK(SameJson(platform::Compact(req["data"]), f.request));
  }
}

TEST_CASE("公众号: keys trimmed, amounts handed over as sent (a number stays a number)", "[gateway][mpay]") {
  TestHis::Get().Reset();
  GatewayHarness gw;
  std::string request = R"({" payAuthNo ":"AUTH0001"," uldLatlnt ":"119.30,26.08","PATIENT_ID":"P001","CATEGORY":1,)"
                        R"("CLINIC_ID":"C1","ID_NO":"441802198708081050","medOrgOrd":"MO0001","TOTAL":12.50})";
  PlatformAnswer a = Send(gw.base(), "MPAY_001", request);
  CHECK(a.code == "0");
  rapidjson::Document seen;
  seen.Parse(TestHis::Get().lastRequest("MPAY_001").c_str());
  CHECK(seen["data"].HasMember("payAuthNo"));
  CHECK(seen["data"]["TOTAL"].IsNumber());
  CHECK(seen["data"]["CATEGORY"].IsInt());
}

TEST_CASE("money-moving calls: a repeat gets the first answer without the HIS, across a restart", "[gateway][money]") {
  TestHis::Get().Reset();
  std::string journal = "gateway-restart-" + crypto::RandomAlnum(6) + ".db";
  std::map<std::string, std::string> requests, first;
  {
    GatewayHarness gw(R"("handlerTimeoutMs":1500)", journal);
    for (const char* api : kMoney) {
      INFO(api);
      requests[api] = FreshKeyed(api);
      PlatformAnswer a = Send(gw.base(), api, requests[api]);
      REQUIRE(Success(a, Fixture(api).platform));
      first[api] = a.raw;
      PlatformAnswer again = Send(gw.base(), api, requests[api]);
      CHECK(SameJson(again.data, a.data));
      CHECK(TestHis::Get().calls(api) == 1);
    }
  }
  GatewayHarness restarted(R"("handlerTimeoutMs":1500)", journal);  // a new process would read the same file
  for (const char* api : kMoney) {
    INFO(api);
    PlatformAnswer again = Send(restarted.base(), api, requests[api]);
    CHECK(Success(again, Fixture(api).platform));
    if (Fixture(api).platform != "qingyuan") CHECK(again.raw == first[api]);
    CHECK(TestHis::Get().calls(api) == 1);
  }
  // The same key with other business fields is refused, and the HIS is not called.
  PlatformAnswer changed = Send(restarted.base(), "ORG_003", With(requests["ORG_003"], "mch_trace_no", "ANOTHER0001"));
  CHECK(changed.code == "02");
  CHECK(changed.data.find("result") == std::string::npos);  // never succ or fail for a conflicting repeat
  PlatformAnswer changedYzt = Send(restarted.base(), "op_yjj_account_transfer_in",
                                   With(requests["op_yjj_account_transfer_in"], "toCardNo", "CARD999"));
  CHECK(changedYzt.code == "02");
  CHECK(changedYzt.verified);
  CHECK(TestHis::Get().calls("ORG_003") == 1);
  auto j = OpenSqliteJournal(journal);
  REQUIRE(j.ok());
  auto entries = j.value->List(false);
  REQUIRE(entries.ok());
  int inbound = 0;
  for (const auto& e : entries.value) inbound += e.direction == "in" && e.state == "done";
  CHECK(inbound == 5);
}

TEST_CASE("a HIS that times out, fails or answers invalidly: unknown for money, never failure", "[gateway][money]") {
  for (HisMode mode : {HisMode::Slow, HisMode::Invalid, HisMode::Silent}) {
    TestHis::Get().Reset();
    GatewayHarness gw;
    for (const char* api : {"ORG_003", "ORG_005", "ORG_007", "ORG_004", "op_yjj_account_transfer_in",
                            "op_query_transfer_in_result", "MPAY_002"}) {
      INFO(api << " mode " << static_cast<int>(mode));
      TestHis::Get().Set(api, mode);
      std::string request = std::string(api) == "ORG_004" || std::string(api) == "op_query_transfer_in_result"
                                ? Fixture(api).request
                                : FreshKeyed(api);
      PlatformAnswer a = Send(gw.base(), api, request);
      CHECK(a.http == 200);
      const std::string& p = Fixture(api).platform;
      // The gateway's own message fits the field the catalog gives it (一帐通 retMsg: 32 characters).
      for (const catalog::Catalog* c : catalog::All())
        if (const catalog::Interface* itf = c->Find(api); itf != nullptr && itf->inbound && !a.data.empty())
          for (const auto& f : itf->response)
            if ((f.name == "retMsg" || f.name == "out_retMsg" || f.name == "ret_msg") && f.maxLen != 0) {
              INFO(a.message);
              CHECK(json::Utf8Length(a.message) <= f.maxLen);
            }
      if (p == "amp") {
        CHECK(a.code == "99");
        CHECK(a.data.find(R"("result":"exp")") != std::string::npos);
      } else if (p == "yzt") {
        CHECK(a.code == "99");
        CHECK(a.verified);
        CHECK(a.data.find("\"result\"") == std::string::npos);
      } else {
        CHECK(a.code == "-1");
        CHECK(a.message.find("未知") != std::string::npos);
      }
      // A repeat is still unknown, and the HIS is not asked again.
      if (std::string(api) != "ORG_004" && std::string(api) != "op_query_transfer_in_result") {
        PlatformAnswer again = Send(gw.base(), api, request);
        CHECK(again.code == a.code);
        CHECK(TestHis::Get().calls(api) == 1);
      }
    }
    // An API that moves no money answers the platform's failure form, not success.
    TestHis::Get().Set("ORG_001", mode);
    PlatformAnswer q = Send(gw.base(), "ORG_001", Fixture("ORG_001").request);
    CHECK(q.code == "01");
  }
}

TEST_CASE("the HIS's own business failure is passed on as failure", "[gateway]") {
  TestHis::Get().Reset();
  GatewayHarness gw;
  TestHis::Get().Set("ORG_003", HisMode::BusinessFailure);
  PlatformAnswer a = Send(gw.base(), "ORG_003", FreshKeyed("ORG_003"));
  CHECK(a.code == "01");
  CHECK(a.data.find(R"("result":"fail")") != std::string::npos);
  TestHis::Get().Set("HIS00004", HisMode::BusinessFailure);
  PlatformAnswer q = Send(gw.base(), "HIS00004", Fixture("HIS00004").request);
  CHECK(q.code == "1000");
  CHECK(q.message == "HIS 业务失败");
  CHECK(q.verified);
}

TEST_CASE("refusals in each platform's own form, and the HIS never called", "[gateway][refusal]") {
  TestHis::Get().Reset();
  GatewayHarness gw;
  const std::string his3 = Fixture("HIS00003").request;
  SendOptions badSign;
  badSign.tamperSign = true;
  PlatformAnswer a = Send(gw.base(), "HIS00003", his3, badSign);
  CHECK(a.code == "4000");
  CHECK(a.verified);  // refusals are signed with the caller's key
  SendOptions badEnc;
  badEnc.tamperEncData = true;
  CHECK(Send(gw.base(), "HIS00003", his3, badEnc).code == "4000");
  SendOptions seq;
  seq.seqId = "20261201000000REUSED" + crypto::RandomAlnum(8);
  CHECK(Send(gw.base(), "HIS00003", his3, seq).code == "0000");
  CHECK(Send(gw.base(), "HIS00003", his3, seq).code == "4008");
  SendOptions skew;
  skew.date = "20200101";
  skew.time = "120000";
  PlatformAnswer skewed = Send(gw.base(), "HIS00003", his3, skew);
  CHECK(skewed.code == "4000");
  CHECK(skewed.message.find("相差超过 300 秒") != std::string::npos);
  SendOptions stranger;
  stranger.platformId = "QY999999";
  stranger.key = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
  CHECK(Send(gw.base(), "HIS00003", his3, stranger).code == "4104");
  PlatformAnswer missing = Send(gw.base(), "HIS00003", R"({"medStartDate":"20261101","medEndDate":"20261130","medType":"0020"})");
  CHECK(missing.code == "4000");
  CHECK(missing.message.find("idNo") != std::string::npos);
  CHECK(TestHis::Get().calls("HIS00003") == 1);  // only the one good call

  SendOptions yztBad;
  yztBad.tamperSign = true;
  PlatformAnswer y = Send(gw.base(), "op_query_card_list", Fixture("op_query_card_list").request, yztBad);
  CHECK(y.code == "02");
  CHECK(y.message == "签名错误");
  CHECK(y.verified);
  CHECK(TestHis::Get().calls("op_query_card_list") == 0);

  SendOptions noToken;
  noToken.token = "-";
  CHECK(Send(gw.base(), "ORG_001", Fixture("ORG_001").request, noToken).http == 403);
  SendOptions wrongToken;
  wrongToken.token = "WRONGTOKEN12345";
  CHECK(Send(gw.base(), "MPAY_001", Fixture("MPAY_001").request, wrongToken).http == 403);
  PlatformAnswer invalid = Send(gw.base(), "ORG_003", R"({"org_code":"H1"})");
  CHECK(invalid.code == "02");
  CHECK(invalid.message.find("mdtrt_cert_type") != std::string::npos);
  CHECK(TestHis::Get().calls("ORG_001") == 0);
  CHECK(TestHis::Get().calls("MPAY_001") == 0);
  CHECK(TestHis::Get().calls("ORG_003") == 0);
}

TEST_CASE("a 3 MB authorization image in HIS00002 passes; a body over maxBodyBytes is refused 413", "[gateway]") {
  TestHis::Get().Reset();
  GatewayHarness gw(R"("handlerTimeoutMs":5000,"maxBodyBytes":16777216)");
  std::string raw(3 << 20, '\0');
  for (std::size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<char>((i * 131 + 7) & 0xFF);
  // Base64 of 3 MB.
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string image;
  for (std::size_t i = 0; i + 2 < raw.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8) |
                 static_cast<unsigned char>(raw[i + 2]);
    image += b64[(v >> 18) & 63];
    image += b64[(v >> 12) & 63];
    image += b64[(v >> 6) & 63];
    image += b64[v & 63];
  }
  std::string request = With(Fixture("HIS00002").request, "file", image);
  PlatformAnswer a = Send(gw.base(), "HIS00002", request);
  CHECK(a.code == "0000");
  CHECK(TestHis::Get().lastRequest("HIS00002").find(image.substr(0, 1000)) != std::string::npos);
  gw.Stop();
  GatewayHarness small(R"("maxBodyBytes":1048576)");
  platform::HttpAnswer big = platform::Post(small.base(), "/qingyuan", std::string(2 << 20, 'x'));
  CHECK(big.status == 413);
}

TEST_CASE("a route that would be open to anyone does not start", "[gateway]") {
  std::string cfg = R"({"journal":{"path":"x.db"},"gateway":{"listen":"127.0.0.1:0","amp":{"handler":"http://127.0.0.1:1/his"}}})";
  CHECK(OneTrans_GatewayStart(cfg.c_str(), nullptr, nullptr) == ONETRANS_E_BAD_INPUT);
  CHECK(std::string(OneTrans_LastError()).find("allowFrom") != std::string::npos);
  std::string star = R"({"journal":{"path":"x.db"},"gateway":{"listen":"127.0.0.1:0","amp":{"handler":"http://127.0.0.1:1/his","allowFrom":"*"}}})";
  CHECK(OneTrans_GatewayStart(star.c_str(), nullptr, nullptr) == 0);
  OneTrans_GatewayStop();
  std::string noKey = R"({"gateway":{"listen":"127.0.0.1:0","yzt":{"allowFrom":"127.0.0.1"}}})";
  CHECK(OneTrans_GatewayStart(noKey.c_str(), HisCallback, nullptr) == ONETRANS_E_BAD_INPUT);
  CHECK(std::string(OneTrans_LastError()).find("gateway.yzt.secret") != std::string::npos);
  OneTrans_Cleanup();
  std::remove("x.db");
}

TEST_CASE("forward and exec handlers: the HIS over HTTP and as a program", "[gateway][handlers]") {
  TestHis::Get().Reset();
  // A HIS web service (cpp-httplib, not OneTrans) answering from the fixtures.
  httplib::Server his;
  std::atomic<int> forwarded{0};
  his.Post("/his", [&](const httplib::Request& req, httplib::Response& res) {
    ++forwarded;
    res.set_content(TestHis::Get().Answer(req.body), "application/json");
  });
  int port = his.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { his.listen_after_bind(); });
  while (!his.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::string exec = std::string("exec:") + HIS_EXEC;
  {
    GatewayHarness gw(R"("handlerTimeoutMs":2000)", "", {{"amp", "http://127.0.0.1:" + std::to_string(port) + "/his"}, {"yzt", exec}});
    PlatformAnswer a = Send(gw.base(), "ORG_003", FreshKeyed("ORG_003"));
    CHECK(a.code == "00");
    CHECK(SameJson(a.data, Fixture("ORG_003").response));
    CHECK(forwarded == 1);
    PlatformAnswer y = Send(gw.base(), "op_query_card_list", Fixture("op_query_card_list").request);
    CHECK(y.code == "00");
    CHECK(y.verified);
    CHECK(SameJson(y.data, Fixture("op_query_card_list").response));
    // The program hangs: killed at the timeout, the platform gets the unknown answer in time.
    setenv("HIS_EXEC_MODE", "sleep", 1);
    auto start = std::chrono::steady_clock::now();
    PlatformAnswer slow = Send(gw.base(), "op_yjj_account_transfer_in", FreshKeyed("op_yjj_account_transfer_in"));
    CHECK(slow.code == "99");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    setenv("HIS_EXEC_MODE", "fail", 1);
    CHECK(Send(gw.base(), "op_yjj_account_transfer_in", FreshKeyed("op_yjj_account_transfer_in")).code == "99");
    CHECK(Send(gw.base(), "op_certification_level", Fixture("op_certification_level").request).code == "99");
    setenv("HIS_EXEC_MODE", "garbage", 1);
    CHECK(Send(gw.base(), "op_yjj_account_transfer_in", FreshKeyed("op_yjj_account_transfer_in")).code == "99");
    unsetenv("HIS_EXEC_MODE");
  }
  his.stop();
  serving.join();
}

TEST_CASE("InboundOpen / InboundSeal for a HIS with its own web server", "[gateway][abi]") {
  std::string journal = "codec-journal-" + crypto::RandomAlnum(6) + ".db";
  REQUIRE(OneTrans_Init(GatewayConfig(journal).c_str()) == 0);
  std::string request = FreshKeyed("ORG_003");
  char* handlerRequest = nullptr;
  REQUIRE(OneTrans_InboundOpen("amp/rechargeSettle", request.c_str(), &handlerRequest) == 0);
  std::string reply = "{\"data\":" + Fixture("ORG_003").response + "}";
  char* body = nullptr;
  REQUIRE(OneTrans_InboundSeal(handlerRequest, reply.c_str(), &body) == 0);
  CHECK(SameJson(body, Fixture("ORG_003").response));
  char* repeat = nullptr;
  CHECK(OneTrans_InboundOpen("amp/rechargeSettle", request.c_str(), &repeat) == ONETRANS_ANSWERED);
  CHECK(std::string(repeat) == std::string(body));
  char* refused = nullptr;
  CHECK(OneTrans_InboundOpen("amp/rechargeSettle", "{\"org_code\":1}", &refused) == ONETRANS_E_BAD_INPUT);
  CHECK(std::string(refused).find("\"ret_code\":\"02\"") != std::string::npos);
  // No reply from the HIS: the unknown answer.
  char* second = nullptr;
  REQUIRE(OneTrans_InboundOpen("amp/rechargeSettle", FreshKeyed("ORG_003").c_str(), &second) == 0);
  char* unknown = nullptr;
  CHECK(OneTrans_InboundSeal(second, nullptr, &unknown) == 0);
  CHECK(std::string(unknown).find(R"("result":"exp")") != std::string::npos);
  // Refusals are allocated too: free the earlier answers before the pointers are reused.
  OneTrans_Free(refused);
  OneTrans_Free(unknown);
  CHECK(OneTrans_InboundOpen(nullptr, "{}", &refused) == ONETRANS_E_BAD_INPUT);
  CHECK(OneTrans_InboundSeal("not a request", "{}", &unknown) == ONETRANS_E_BAD_INPUT);
  for (char* p : {handlerRequest, body, repeat, refused, second, unknown}) OneTrans_Free(p);
  OneTrans_Cleanup();
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((journal + suffix).c_str());
}

namespace {

int PortOf(const std::string& base) { return std::stoi(base.substr(base.rfind(':') + 1)); }

int Connect(int port) { return test::ConnectLoopback(port); }

}  // namespace

TEST_CASE("50 slowloris and 300 idle keep-alive clients: a platform call is still answered within 2 s", "[gateway][hostile]") {
  TestHis::Get().Reset();
  GatewayHarness gw(R"("handlerTimeoutMs":1500,"headerTimeoutMs":4000,"workers":4)");
  int port = PortOf(gw.base());
  std::vector<int> idle, slow;
  for (int i = 0; i < 300; ++i) idle.push_back(Connect(port));
  for (int i = 0; i < 50; ++i) {
    int fd = Connect(port);
    std::string head = "POST /amp/queryAccount HTTP/1.1\r\nHost: x\r\n";
    (void)::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    while (!stop) {
      for (int fd : slow) (void)::send(fd, "X-A: 1\r\n", 8, MSG_NOSIGNAL);
      for (int i = 0; i < 10 && !stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  for (int round = 0; round < 3; ++round) {
    auto start = std::chrono::steady_clock::now();
    PlatformAnswer a = Send(gw.base(), "ORG_001", Fixture("ORG_001").request);
    CHECK(a.code == "00");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
  }
  stop = true;
  trickle.join();
  for (int fd : idle) ::close(fd);
  for (int fd : slow) ::close(fd);
  CHECK(Send(gw.base(), "ORG_002", Fixture("ORG_002").request).code == "00");
}

TEST_CASE("HTTPS with the configured certificate", "[gateway][tls]") {
  std::string dir = "gw_tls";
  std::string cmd = "mkdir -p " + dir + " && cd " + dir +
                    " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=OneTransGwCA 2>/dev/null"
                    " && openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null"
                    " && printf 'subjectAltName=IP:127.0.0.1\\n' > ext.cnf"
                    " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  TestHis::Get().Reset();
  GatewayHarness gw(R"("tlsCert":"gw_tls/server.pem","tlsKey":"gw_tls/server.key")");
  CHECK(gw.base().rfind("https://127.0.0.1:", 0) == 0);
  platform::TrustCa(dir + "/ca.pem");
  PlatformAnswer a = Send(gw.base(), "HIS00003", Fixture("HIS00003").request);
  CHECK(a.code == "0000");
  CHECK(SameJson(a.data, Fixture("HIS00003").response));
  platform::TrustCa("");
  CHECK(Send(gw.base(), "HIS00003", Fixture("HIS00003").request).http == 0);  // an untrusted certificate: no connection
}
