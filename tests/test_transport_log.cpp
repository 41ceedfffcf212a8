// Transport keep-alive and the call log's masking, below the C boundary.
#include <catch2/catch.hpp>

#include <dirent.h>

#include <fstream>
#include <sstream>

#include "core/log.h"
#include "onetrans/onetrans.h"
#include "platform/qingyuan.h"
#include "sandbox/sandbox.h"
#include "support/harness.h"
#include "transport/http.h"

using namespace onetrans;

TEST_CASE("consecutive calls reuse one kept-alive connection", "[transport]") {
  sandbox::Sandbox sb{sandbox::Options{}};
  REQUIRE(sb.Start().ok());
  transport::HttpClient http(TransportConfig{});
  for (int i = 0; i < 5; ++i) {
    transport::Failure f;
    auto r = http.PostJson(sb.qingyuanUrl(), "{}", &f);
    REQUIRE(r.ok());
    CHECK(r.value.body.find("rtCode") != std::string::npos);
  }
  CHECK(http.connectionsOpened() == 1);
  sb.Stop();
}

TEST_CASE("masking of personal data and secrets", "[log]") {
  CHECK(MaskValue("idNo", "441802198708081050") == "4418**********1050");
  CHECK(MaskValue("mobile", "13800000001") == "138****0001");
  CHECK(MaskValue("userName", "张三丰") == "张**");
  CHECK(MaskValue("signToken", "STabc") == "******");
  CHECK(MaskValue("orderId", "PAY1") == "PAY1");
  std::string masked = MaskJson(R"({"a":{"idNo":"441802198708081050","list":[{"tel":"13800000001"}]},"key":"K","imageBase64":"AAAA"})");
  CHECK(masked == R"({"a":{"idNo":"4418**********1050","list":[{"tel":"138****0001"}]},"key":"******","imageBase64":"<omitted>"})");
  CHECK(MaskJson("not json").find("withheld") != std::string::npos);
}

TEST_CASE("a debug log of real calls holds no key, token or whole ID number", "[log]") {
  std::string dir = "log_test_dir";
  std::system(("rm -rf " + dir + " && mkdir -p " + dir).c_str());
  test::SandboxHarness h;
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key,
           R"("log":{"dir":")" + dir + R"(","level":"debug"})");
  auto sign = test::Call(test::Req("HOS00001", R"("idNo":"441802198708081050","idType":"01","userName":"张三丰",)" +
                                                   std::string(test::kHosp) + R"(,"treatmentSerialNo":"ZY0001")"));
  REQUIRE(sign.code == "000000");
  std::string token = sign.data("signToken");
  test::Call(test::Req("HOS00003", R"("signToken":")" + token + R"(","orderId":"PAYLOG000001","amt":100,)" +
                                       std::string(test::kHosp) + R"(,"orderType":"3","mdtrtId":"M","setlId":"S")"));
  OneTrans_Cleanup();
  std::ifstream f(dir + "/onetrans.log");
  std::stringstream ss;
  ss << f.rdbuf();
  std::string log = ss.str();
  CHECK(log.find("call platform=qingyuan api=HOS00001") != std::string::npos);
  CHECK(log.find("api=HOS00003") != std::string::npos);
  CHECK(log.find("4418**********1050") != std::string::npos);  // bodies are there, masked
  CHECK(log.find("441802198708081050") == std::string::npos);
  CHECK(log.find("张三丰") == std::string::npos);
  CHECK(log.find(sandbox::kDefaultKey) == std::string::npos);
  CHECK(log.find(std::string(sandbox::kDefaultKey).substr(0, 16)) == std::string::npos);
  CHECK(log.find(token) == std::string::npos);
}
