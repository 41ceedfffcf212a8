// The journal answers every repeat of a money-moving call that was sent: from any thread or
// process, at any time, nothing is sent twice. A query that settles the outcome settles the entry.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "crypto/crypto.h"
#include "journal/journal.h"
#include "support/harness.h"

using namespace onetrans;
using namespace onetrans::test;
using sandbox::Fault;

namespace {

std::string Pay(const std::string& token, const std::string& orderId, int amt = 100) {
  return Req("HOS00003", R"("signToken":")" + token + R"(","orderId":")" + orderId + R"(","amt":)" + std::to_string(amt) + "," +
                             kHosp + R"(,"orderType":"3","mdtrtId":"M","setlId":"S")");
}

const char* kTimeouts = R"("transport":{"readTimeoutMs":600,"retryBackoffMs":20})";

}  // namespace

TEST_CASE("after 000107 an identical request is answered from the journal, from any thread, never sent", "[journal][money]") {
  SandboxHarness h(kTimeouts);
  std::string token = SignToken();
  std::string orderId = "PAYUNK" + crypto::RandomAlnum(10);
  h.sandbox().InjectFault("HOS00003", Fault::DropAfterRead);
  Answer first = Call(Pay(token, orderId));
  REQUIRE(first.code == "000107");
  REQUIRE(h.sandbox().requests("HOS00003") == 1);

  Answer again = Call(Pay(token, orderId));
  CHECK(again.code == "000107");
  CHECK(json::GetStringOr(again.out, "message", "").find("已于") != std::string::npos);
  CHECK(again.out["query"]["transCode"] == "HOS00012");
  std::string fromThread;
  std::thread([&] { fromThread = Call(Pay(token, orderId)).code; }).join();
  CHECK(fromThread == "000107");
  CHECK(h.sandbox().requests("HOS00003") == 1);

  // The same order id with another amount is another payment: refused, nothing sent.
  Answer other = Call(Pay(token, orderId, 999));
  CHECK(other.code == "000105");
  CHECK(json::GetStringOr(other.out, "origin", "") == "local");
  CHECK(h.sandbox().requests("HOS00003") == 1);

  // The query named by the unknown answer settles the entry; the repeat then gets the outcome.
  Answer status = Call(first.out["query"].IsObject() ? json::Serialize(first.out["query"]) : "");
  REQUIRE(status.code == "000000");
  CHECK(status.data("orderStatus") == "02");  // the platform processed it before the connection died
  Answer settled = Call(Pay(token, orderId));
  CHECK(settled.code == "000000");
  CHECK(settled.businessCode() == 0);
  CHECK(json::GetStringOr(settled.out, "finalStatus", "") == "02");
  CHECK(settled.data("orderId") == orderId);
  CHECK(h.sandbox().requests("HOS00003") == 1);
}

TEST_CASE("a repeat from another process reads the same journal", "[journal][money]") {
  SandboxHarness h(kTimeouts);
  std::string token = SignToken();
  std::string pay = Pay(token, "PAYPROC" + crypto::RandomAlnum(10));
  Answer first = Call(pay);
  REQUIRE(first.code == "000000");
  // Another process — the onetrans tool — with the same journal file and the same request.
  std::ofstream("proc.json") << h.config(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key, "");
  std::ofstream("proc-in.json") << pay;
  std::string cmd = std::string(ONETRANS_CLI) + " call --config proc.json proc-in.json > proc-out.json 2>/dev/null";
  CHECK(std::system(cmd.c_str()) == 0);
  std::ifstream f("proc-out.json");
  std::string out((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  CHECK(out.find(R"("orderStatus":"02")") != std::string::npos);
  CHECK(out.find(first.data("queryId")) != std::string::npos);  // the first answer, not a new payment
  CHECK(h.sandbox().requests("HOS00003") == 1);
  for (const char* name : {"proc.json", "proc-in.json", "proc-out.json"}) std::remove(name);
}

TEST_CASE("who decided a code decides sent or not: not-sent may be sent again, a platform's answer never", "[journal][money][amp]") {
  SandboxHarness h(kTimeouts);
  std::string token = SignToken();
  // Nothing listens: provably never sent (000100, origin local) — the journal says not-sent.
  std::string orderId = "PAYDOWN" + crypto::RandomAlnum(10);
  h.Reinit("http://127.0.0.1:1/qingyuan/gateway", h.sandbox().options().qingyuan.key);
  Answer down = Call(Pay(token, orderId));
  CHECK(down.code == "000100");
  CHECK(json::GetStringOr(down.out, "origin", "") == "local");
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key);
  Answer retry = Call(Pay(token, orderId));  // allowed: it never left
  CHECK(retry.code == "000000");
  CHECK(json::GetStringOr(retry.out, "origin", "") == "platform");
  CHECK(h.sandbox().requests("HOS00003") == 1);
  // A refund the platform refused (its business answer, origin platform) is done: a repeat is
  // answered with that same refusal, not sent again.
  std::string org = R"("orgCode":"H35010200227")";
  std::string refund = R"({"api":"refund","data":{"ampTraceId":"NOPE","traceId":"NOPE","orgTraceNo":"NOPE",)" + org +
                       R"(,"refundReason":"测试","outRefundNo":"ORNREFUSED)" + crypto::RandomAlnum(6) + R"(","orgRefundSn":"OR1"}})";
  Answer refused = Call(refund);
  CHECK(refused.code == "000000");
  CHECK(refused.businessCode() == -1);
  CHECK(json::GetStringOr(refused.out, "origin", "") == "platform");
  Answer refusedAgain = Call(refund);
  CHECK(refusedAgain.text == refused.text);
  CHECK(h.sandbox().requests("AMP_HOS_002") == 1);
}
