// Every return code of PROTOCOL.md §2 that a Qingyuan call can produce, each provoked for
// real: bad input, a bad key, a dead server, a slow one, broken replies, a small buffer.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "crypto/crypto.h"
#include "onetrans/onetrans.h"
#include "platform/qingyuan.h"
#include "support/harness.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

std::string PayRequest(const std::string& orderId) {
  return Req("HOS00003", R"("signToken":"STabc","orderId":")" + orderId + R"(","amt":100,)" + std::string(kHosp) +
                             R"(,"orderType":"3","mdtrtId":"MD1","setlId":"SL1")");
}
std::string StatusRequest() { return Req("HOS00012", R"("orderId":"PAY00000001",)" + std::string(kHosp)); }

// A server that answers every POST with a fixed misbehaviour.
class FaultServer {
 public:
  explicit FaultServer(std::function<void(httplib::Response&)> behave) {
    server_.set_keep_alive_max_count(1);  // close after each answer: stop() need not wait
    server_.Post("/qingyuan/gateway", [this, behave](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      behave(res);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FaultServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/qingyuan/gateway"; }
  int hits() const { return hits_; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> hits_{0};
};

// A port nothing listens on: bind one, note it, close it.
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("000105: rejected input is named and nothing is sent", "[faults][abi]") {
  SandboxHarness h;
  struct Case { std::string in; std::string expect; };
  std::vector<Case> cases = {
      {"not json", "输入不是合法的JSON"},
      {"[1,2]", "输入应为JSON对象"},
      {R"({"foo":1})", "无法识别的请求"},
      {R"({"transCode":"HOS99999","data":{}})", "transCode（交易码）：不支持的交易码 \"HOS99999\""},
      {R"({"transCode":"HOS00012"})", "data（业务参数）：必填字段缺失"},
      {Req("HOS00012", std::string(kHosp)), "data.orderId（原支付或者退款医院订单号）：必填字段缺失"},
      {Req("HOS00003", R"("signToken":"S","orderId":"PAY00000001","amt":"12.50",)" + std::string(kHosp) + R"(,"orderType":"3","mdtrtId":"M","setlId":"S")"),
       "data.amt（交易总金额，以分为单位）：类型应为整数"},
      {R"({"transCode":"HOS00012","platformSeqId":"short","data":{"orderId":"PAY00000001",)" + std::string(kHosp) + "}}",
       "platformSeqId（接入方流水号）"},
      {"{\"transCode\":\"HOS00012\",\"data\":{\"orderId\":\"\xff\xfe\"}}", "输入不是合法的UTF-8编码（第 43 字节）"},
      {std::string(200, '[') + std::string(200, ']'), "JSON 嵌套层数超过上限"},
  };
  for (const auto& c : cases) {
    INFO(c.in.substr(0, 120));
    Answer a = Call(c.in);
    CHECK(a.code == "000105");
    CHECK(a.businessCode() == -2);
    INFO(a.text);
    CHECK(json::GetStringOr(a.out, "message", "").find(c.expect) != std::string::npos);
    CHECK(a.out["data"].IsNull());
  }
  CHECK(h.sandbox().requests() == 0);

  h.Reinit("", h.sandbox().options().qingyuan.key);
  Answer noAddr = Call(StatusRequest());
  CHECK(noAddr.code == "000105");
  CHECK(json::GetStringOr(noAddr.out, "message", "").find("serverAddr（平台地址）：未配置") == 0);
}

TEST_CASE("000102: a wrong key is caught by the signature check", "[faults]") {
  SandboxHarness h;
  h.Reinit(h.sandbox().qingyuanUrl(), "FFFFFFFFFFFFFFFF293A4B5C6D7E8F90");
  Answer q = Call(StatusRequest());
  CHECK(q.code == "000102");
  // The same failure on a payment cannot prove the money did not move.
  Answer p = Call(PayRequest("PAY00000009"));
  CHECK(p.code == "000107");
  CHECK(h.sandbox().requests("HOS00012") == 3);  // a query is retried (transport.queryRetries = 2)
  CHECK(h.sandbox().requests("HOS00003") == 1);  // a payment never is
}

TEST_CASE("per-call credentials override the config", "[faults]") {
  SandboxHarness h;
  h.Reinit(h.sandbox().qingyuanUrl(), "FFFFFFFFFFFFFFFF293A4B5C6D7E8F90");
  std::string in = R"({"transCode":"HOS00012","key":")" + h.sandbox().options().qingyuan.key +
                   R"(","data":{"orderId":"PAY00000001",)" + kHosp + "}}";
  Answer a = Call(in);
  CHECK(a.code == "000000");
  CHECK(json::GetStringOr(a.out, "rtCode", "") == "1000");  // order unknown, but the exchange was verified
  CHECK(a.businessCode() == 1000);
}

TEST_CASE("000100: server down; a payment that never left is not 'unknown'", "[faults]") {
  SandboxHarness h;
  int port = ClosedPort();
  h.Reinit("http://127.0.0.1:" + std::to_string(port) + "/qingyuan/gateway", h.sandbox().options().qingyuan.key,
           R"("transport":{"connectTimeoutMs":1000})");
  Answer q = Call(StatusRequest());
  CHECK(q.code == "000100");
  CHECK(json::GetStringOr(q.out, "message", "").find("无法连接服务器") == 0);
  Answer p = Call(PayRequest("PAY00000002"));
  CHECK(p.code == "000100");
}

TEST_CASE("timeouts: queries report 000100, payments 000107 with the query to run", "[faults]") {
  SandboxHarness h;
  FaultServer slow([](httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content("{}", "application/json");
  });
  h.Reinit(slow.url(), h.sandbox().options().qingyuan.key, R"("transport":{"readTimeoutMs":300})");
  Answer q = Call(StatusRequest());
  CHECK(q.code == "000100");
  CHECK(q.businessCode() == -3);
  Answer p = Call(PayRequest("PAY00000003"));
  INFO(p.text);
  CHECK(p.code == "000107");
  CHECK(json::GetStringOr(p.out["query"], "transCode", "") == "HOS00012");
  CHECK(json::GetStringOr(p.out["query"]["data"], "orderId", "") == "PAY00000003");
  CHECK(json::GetStringOr(p.out["query"]["data"], "hospitalId", "") == "QYH44180200001");
  CHECK(json::GetStringOr(p.out, "message", "").find("请勿重复发起") != std::string::npos);
  CHECK(slow.hits() == 4);  // the query three times (two retries), the payment once
}

TEST_CASE("broken replies: HTTP 500, non-JSON, undecryptable, unsigned", "[faults]") {
  SandboxHarness h;
  const std::string key = h.sandbox().options().qingyuan.key;
  SECTION("HTTP 500") {
    FaultServer s([](httplib::Response& res) { res.status = 500; res.set_content("oops", "text/plain"); });
    h.Reinit(s.url(), key);
    Answer a = Call(StatusRequest());
    CHECK(a.code == "000100");
    CHECK(json::GetStringOr(a.out, "message", "").find("HTTP状态 500") != std::string::npos);
  }
  SECTION("non-JSON body") {
    FaultServer s([](httplib::Response& res) { res.set_content("<html>gateway</html>", "text/html"); });
    h.Reinit(s.url(), key);
    CHECK(Call(StatusRequest()).code == "000100");
  }
  SECTION("undecryptable encData") {
    FaultServer s([](httplib::Response& res) {
      res.set_content(R"({"encData":"ABCDEF0123","encType":"SM4","rtCode":"0000","rtMsg":"ok","signData":"00","signType":"SM3"})",
                      "application/json");
    });
    h.Reinit(s.url(), key);
    CHECK(Call(StatusRequest()).code == "000101");
    Answer p = Call(PayRequest("PAY00000004"));
    CHECK(p.code == "000107");
    CHECK(json::GetStringOr(p.out, "message", "").find("encData") != std::string::npos);
  }
  SECTION("encrypted with another key") {
    FaultServer s([](httplib::Response& res) {
      platform::qingyuan::Reply r{"0000", "交易成功", std::string(R"({"orderId":"X"})")};
      res.set_content(platform::qingyuan::BuildReplyBody(r, "0000000000000000FFFFFFFFFFFFFFFF"), "application/json");
    });
    h.Reinit(s.url(), key);
    Answer a = Call(StatusRequest());
    CHECK((a.code == "000101" || a.code == "000102"));
  }
  SECTION("signature missing") {
    FaultServer s([](httplib::Response& res) {
      res.set_content(R"({"encType":"SM4","rtCode":"0000","rtMsg":"交易成功","signType":"SM3"})", "application/json");
    });
    h.Reinit(s.url(), key);
    Answer a = Call(StatusRequest());
    CHECK(a.code == "000102");
    CHECK(json::GetStringOr(a.out, "message", "").find("缺少签名") != std::string::npos);
  }
}

TEST_CASE("the platform's own refusals come back verified with return 000000", "[faults][sandbox]") {
  SandboxHarness h;
  std::string in = R"({"transCode":"HOS00012","platformSeqId":"FIXEDSEQ0000000001","data":{"orderId":"PAY00000001",)" +
                   std::string(kHosp) + "}}";
  Call(in);
  Answer dup = Call(in);
  CHECK(dup.code == "000000");
  CHECK(dup.businessCode() == 4008);
  CHECK(json::GetStringOr(dup.out, "rtMsg", "") == "域已存在：请求流水号重复了");
}

TEST_CASE("the sandbox rejects stale, unsigned and unknown-platform requests", "[sandbox]") {
  sandbox::Sandbox sb{sandbox::Options{}};
  REQUIRE(sb.Start().ok());
  httplib::Client cli("127.0.0.1", sb.port());
  platform::qingyuan::Request r;
  r.transCode = "HOS00012";
  r.platformId = sandbox::kDefaultPlatformId;
  r.platformSeqId = platform::qingyuan::NewPlatformSeqId();
  r.platformTransDate = "20200101";
  r.platformTransTime = "120000";
  r.plaintext = R"({"orderId":"PAY00000001","hospitalId":"QYH44180200001","cityCode":"441800"})";
  auto rtCodeOf = [&](const std::string& body) {
    auto res = cli.Post("/qingyuan/gateway", body, "application/json");
    REQUIRE(res);
    auto reply = platform::qingyuan::OpenReply(res->body, sandbox::kDefaultKey);
    REQUIRE(reply.ok());
    return reply.value.rtCode + " " + reply.value.rtMsg;
  };
  CHECK(rtCodeOf(platform::qingyuan::BuildRequestBody(r, sandbox::kDefaultKey).value).find("4000 报文错误：交易时间") == 0);
  platform::qingyuan::LocalDateTime(&r.platformTransDate, &r.platformTransTime);
  CHECK(rtCodeOf(platform::qingyuan::BuildRequestBody(r, "0000000000000000000000000000000A").value).find("4000") == 0);
  r.platformId = "QY999999";
  CHECK(rtCodeOf(platform::qingyuan::BuildRequestBody(r, sandbox::kDefaultKey).value) == "4104 无效平台方");
  r.platformId = sandbox::kDefaultPlatformId;
  r.plaintext = R"({"orderId":"P1","hospitalId":"QYH44180200001","cityCode":"441800"})";
  CHECK(rtCodeOf(platform::qingyuan::BuildRequestBody(r, sandbox::kDefaultKey).value).find("4000 报文错误：data.orderId") == 0);
  sb.Stop();
}
