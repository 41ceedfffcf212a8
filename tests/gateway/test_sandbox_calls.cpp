// The sandbox playing the platforms that call the hospital ([sandbox] hospitalUrl): each flow
// against a real gateway on 127.0.0.1 and its test HIS, and the AMP flow set off by a payment
// pushed through MobileTrans, as the portal does after the patient pays.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <chrono>
#include <thread>

#include "core/json.h"
#include "crypto/crypto.h"
#include "gateway/gateway_harness.h"
#include "sandbox/sandbox.h"
#include "support/harness.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

sandbox::Options CallingOptions(const std::string& hospitalUrl) {
  sandbox::Options o;
  o.hospitalUrl = hospitalUrl;
  o.hospital = {kGwPlatformId, kGwKey, kGwYztSecret, kGwAmpToken, kGwMpayToken};
  return o;
}

// Waits for the sandbox's calls into the hospital to finish; its GET /sandbox/inbound.
json::Document Calls(sandbox::Sandbox& sb) {
  for (int i = 0; i < 200 && sb.inboundPending() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(sb.inboundPending() == 0);
  httplib::Client c("127.0.0.1", sb.port());
  auto res = c.Get("/sandbox/inbound");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  json::Document d;
  REQUIRE(json::Parse(res->body, &d).ok());
  return d;
}

std::vector<std::string> Apis(const json::Document& d, bool requireOk) {
  std::vector<std::string> apis;
  for (const auto& call : d["calls"].GetArray()) {
    INFO(json::Serialize(call));
    if (requireOk) {
      CHECK(call["ok"].GetBool());
      CHECK(call["verified"].GetBool());
      CHECK(call["http"].GetInt() == 200);
    }
    apis.push_back(call["api"].GetString());
  }
  return apis;
}

void Drive(sandbox::Sandbox& sb, const std::string& flow, const std::string& url = "") {
  httplib::Client c("127.0.0.1", sb.port());
  std::string body = R"({"flow":")" + flow + R"(")" + (url.empty() ? "" : R"(,"hospitalUrl":")" + url + R"(")") + "}";
  auto res = c.Post("/sandbox/drive", body, "application/json");
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
}

}  // namespace

TEST_CASE("Sandbox calls the hospital: every flow through the gateway, answered by the HIS", "[gateway][sandbox]") {
  TestHis::Get().Reset();
  GatewayHarness gw;
  sandbox::Sandbox sb(CallingOptions(gw.base()));
  REQUIRE(sb.Start().ok());
  for (const char* flow : {"amp", "qingyuan", "yzt", "mpay"}) Drive(sb, flow);
  json::Document d = Calls(sb);
  std::vector<std::string> want = {"ORG_001", "ORG_002", "ORG_003", "HIS00003", "HIS00002", "HIS00004",
                                   "op_query_card_list", "op_yjj_account_transfer_in", "op_query_transfer_in_result",
                                   "MPAY_001", "MPAY_002"};
  CHECK(Apis(d, true) == want);
  for (const auto& api : want) CHECK(TestHis::Get().calls(api) == 1);
  // What the HIS was handed is the sandbox's request, plain.
  CHECK(TestHis::Get().lastRequest("ORG_003").find("\"amp_trace_id\"") != std::string::npos);
  sb.Stop();
}

TEST_CASE("Sandbox: an unanswered ORG_003 is followed by ORG_004, as the portal does", "[gateway][sandbox]") {
  TestHis::Get().Reset();
  TestHis::Get().Set("ORG_003", HisMode::Silent);
  GatewayHarness gw;
  sandbox::Sandbox sb(CallingOptions(""));
  REQUIRE(sb.Start().ok());
  Drive(sb, "amp", gw.base());  // the hospital named per flow, none configured
  json::Document d = Calls(sb);
  std::vector<std::string> apis = Apis(d, false);
  CHECK(apis == std::vector<std::string>{"ORG_001", "ORG_002", "ORG_003", "ORG_004"});
  // The gateway's unknown answer for ORG_003 (never a failure) — and then the query.
  const auto& org003 = d["calls"][2];
  INFO(json::Serialize(org003));
  CHECK(json::Text(org003["answer"], "result") == "exp");
  CHECK_FALSE(org003["ok"].GetBool());
  sb.Stop();
}

TEST_CASE("Sandbox: a payment pushed through MobileTrans makes the portal book it with the hospital", "[gateway][sandbox]") {
  TestHis::Get().Reset();
  GatewayHarness gw;
  SandboxHarness h("", CallingOptions(gw.base()));
  std::string medOrgOrd = "ZL" + crypto::RandomAlnum(14);
  Answer a = Call(R"({"api":"pushMsg","data":{"appType":"01","medOrgOrd":")" + medOrgOrd +
                  R"(","orgCode":"H35010200227","patientName":"周大鹏","idType":"01","idNo":"460029196507081627","pushType":"HOSPITAL_PAYMENT","orderStatus":"MERCHANT_WAIT_PAY","amount":"66.00"}})");
  INFO(a.text);
  REQUIRE(a.code == "000000");
  json::Document d = Calls(h.sandbox());
  CHECK(Apis(d, true) == std::vector<std::string>{"ORG_001", "ORG_002", "ORG_003"});
  std::string booked = TestHis::Get().lastRequest("ORG_003");
  INFO(booked);
  CHECK(booked.find("\"feesum_amt\":\"66.00\"") != std::string::npos);
  CHECK(booked.find("460029196507081627") != std::string::npos);
}

TEST_CASE("Sandbox: drive refuses an unknown flow and a missing hospital, and [sandbox] keys are checked", "[sandbox]") {
  sandbox::Sandbox sb(CallingOptions(""));
  REQUIRE(sb.Start().ok());
  httplib::Client c("127.0.0.1", sb.port());
  auto res = c.Post("/sandbox/drive", R"({"flow":"amp"})", "application/json");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(res->body.find("hospitalUrl") != std::string::npos);
  res = c.Post("/sandbox/drive", R"({"flow":"nope","hospitalUrl":"http://127.0.0.1:1"})", "application/json");
  REQUIRE(res);
  CHECK(res->status == 400);
  sb.Stop();

  Config cfg;
  cfg.sandbox["hospitalUrl"] = "ftp://x";
  auto bad = sandbox::OptionsFrom(cfg);
  CHECK_FALSE(bad.ok());
  CHECK(bad.status.message.find("sandbox.hospitalUrl") != std::string::npos);
  cfg.sandbox = {{"hospitalURL", "http://127.0.0.1:1"}};
  bad = sandbox::OptionsFrom(cfg);
  CHECK_FALSE(bad.ok());
  CHECK(bad.status.message.find("sandbox.hospitalURL") != std::string::npos);
}
