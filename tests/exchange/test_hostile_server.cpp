// A platform that misbehaves on purpose (tests/support/hostile.h): money is never sent twice,
// and no bound — time, memory — is broken by what it answers.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>

#include "crypto/crypto.h"
#include "support/harness.h"
#include "support/hostile.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

std::string Pay(const std::string& token, const std::string& orderId) {
  return Req("HOS00003", R"("signToken":")" + token + R"(","orderId":")" + orderId + R"(","amt":100,)" + kHosp +
                             R"(,"orderType":"3","mdtrtId":"M","setlId":"S")");
}

bool IsPayment(const std::string& body) { return body.find(R"("transCode":"HOS00003")") != std::string::npos; }

}  // namespace

TEST_CASE("a payment whose connection dies after the platform read it is sent once, and reported unknown", "[hostile][money]") {
  SandboxHarness h;
  HostileServer hostile(h.sandbox().baseUrl(), [](const std::string&, const std::string& body) {
    return IsPayment(body) ? Act::CloseSilently : Act::Forward;
  });
  h.Reinit(hostile.base() + "/qingyuan/gateway", h.sandbox().options().qingyuan.key);
  // A query first, so a kept-alive connection exists that libcurl would reuse — and, when it
  // turns out dead after the request was read, silently send again on a new one.
  std::string token = SignToken();
  Answer pay = Call(Pay(token, "PAYHOSTILE" + crypto::RandomAlnum(8)));
  CHECK(pay.code == "000107");
  CHECK(hostile.arrivals(Act::CloseSilently) == 1);
  CHECK(json::GetStringOr(pay.out, "message", "").find("请勿重复发起") != std::string::npos);
}

TEST_CASE("an AMP refund whose connection dies after it was read is sent once", "[hostile][money][amp]") {
  SandboxHarness h;
  HostileServer hostile(h.sandbox().baseUrl(), [](const std::string& path, const std::string&) {
    return path.size() >= 7 && path.compare(path.size() - 7, 7, "/refund") == 0 ? Act::CloseSilently : Act::Forward;
  });
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key,
           R"("amp":{"serverAddr":")" + hostile.base() + R"(/api/amp/hos"})");
  std::string org = R"("orgCode":"H35010200227")";
  // A query first on the same connection.
  CHECK(Call(R"({"api":"AMP_HOS_003","data":{)" + org + R"(,"outRefundNo":"ORNNONE"}})").code == "000000");
  Answer refund = Call(R"({"api":"refund","data":{"ampTraceId":"A1","traceId":"T1","orgTraceNo":"O1",)" + org +
                       R"(,"refundReason":"测试","outRefundNo":"ORNHOSTILE1","orgRefundSn":"OR1"}})");
  CHECK(refund.code == "000107");
  CHECK(hostile.arrivals(Act::CloseSilently) == 1);
}

TEST_CASE("a trickling platform is cut off at readTimeoutMs", "[hostile]") {
  SandboxHarness h;
  HostileServer hostile(h.sandbox().baseUrl(), [](const std::string&, const std::string&) { return Act::Trickle; });
  h.Reinit(hostile.base() + "/qingyuan/gateway", h.sandbox().options().qingyuan.key,
           R"("transport":{"readTimeoutMs":1000,"queryRetries":0})");
  auto start = std::chrono::steady_clock::now();
  Answer q = Call(Req("HOS00012", R"("orderId":"PAYNONE0001",)" + std::string(kHosp)));
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(q.code == "000100");
  CHECK(took < std::chrono::seconds(3));
}

TEST_CASE("an answer bomb is refused at maxResponseBytes, quickly", "[hostile]") {
  SandboxHarness h;
  HostileServer hostile(h.sandbox().baseUrl(), [](const std::string&, const std::string& body) {
    return IsPayment(body) ? Act::Bomb : Act::Forward;
  });
  h.Reinit(hostile.base() + "/qingyuan/gateway", h.sandbox().options().qingyuan.key,
           R"("transport":{"maxResponseBytes":1048576})");
  std::string token = SignToken();
  auto start = std::chrono::steady_clock::now();
  Answer pay = Call(Pay(token, "PAYBOMB" + crypto::RandomAlnum(8)));
  CHECK(pay.code == "000107");  // sent, then no verified answer: unknown, never resent
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(hostile.arrivals(Act::Bomb) == 1);
}

TEST_CASE("a proxy is used only when the configuration says so", "[hostile][proxy]") {
  SandboxHarness h;
  // Nothing listens on port 1: a request that went through this proxy would fail.
  setenv("http_proxy", "http://127.0.0.1:1", 1);
  setenv("HTTP_PROXY", "http://127.0.0.1:1", 1);
  setenv("ALL_PROXY", "http://127.0.0.1:1", 1);
  Answer direct = Call(Req("HOS00012", R"("orderId":"PAYNONE0002",)" + std::string(kHosp)));
  CHECK(direct.code == "000000");
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key, R"("transport":{"proxy":"env","queryRetries":0})");
  Answer viaEnv = Call(Req("HOS00012", R"("orderId":"PAYNONE0003",)" + std::string(kHosp)));
  CHECK(viaEnv.code == "000100");
  unsetenv("http_proxy");
  unsetenv("HTTP_PROXY");
  unsetenv("ALL_PROXY");
}
