// Nothing lost, nothing sent twice: every money-moving call and every query call against
// every fault the sandbox can show, counting what reached it, and following each unknown
// outcome with the query the library names.
#include <catch2/catch.hpp>
#include <httplib.h>

#include "crypto/crypto.h"
#include "journal/journal.h"
#include "support/harness.h"

using namespace onetrans;
using namespace onetrans::test;
using sandbox::Fault;

namespace {

struct FaultCase {
  const char* name;
  Fault fault;
  bool processed;  // whether the platform acted before the answer went wrong
};

const FaultCase kFaults[] = {
    {"drop-before-read", Fault::DropBeforeRead, false}, {"drop-after-read", Fault::DropAfterRead, true},
    {"slow", Fault::Slow, true},                         {"http-500", Fault::Http500, false},
    {"non-json", Fault::NonJson, false},                 {"bad-signature", Fault::BadSignature, true},
    {"bad-encdata", Fault::BadEncData, true}};

const std::string kTimeouts = R"("transport":{"readTimeoutMs":400,"retryBackoffMs":20})";

Answer Pay(const std::string& token, const std::string& orderId, int amt) {
  return Call(Req("HOS00003", R"("signToken":")" + token + R"(","orderId":")" + orderId + R"(","amt":)" + std::to_string(amt) +
                                  "," + kHosp + R"(,"orderType":"2","mdtrtId":"MD1","setlId":"SL1")"));
}

// Runs the query an unknown outcome names, in the same request form.
Answer FollowUp(const Answer& unknown) {
  const json::Value& q = unknown.out["query"];
  std::string key = json::Find(q, "transCode") != nullptr ? "transCode" : "api";
  return Call("{\"" + key + "\":\"" + json::GetStringOr(q, key.c_str(), "") + "\",\"data\":" + json::Serialize(q["data"]) + "}");
}

}  // namespace

TEST_CASE("money-moving calls under every fault: 000107, one request, the named query finds the truth", "[faults][matrix]") {
  sandbox::Options opts;
  SandboxHarness h(kTimeouts, opts);
  std::string token = SignToken();

  for (const FaultCase& f : kFaults) {
    DYNAMIC_SECTION("HOS00003 " << f.name) {
      std::string orderId = "PAY" + crypto::RandomAlnum(12);
      h.sandbox().InjectFault("HOS00003", f.fault, 1, 800);
      Answer a = Pay(token, orderId, 100);
      INFO(a.text);
      CHECK(a.code == "000107");
      CHECK(json::GetStringOr(a.out["query"], "transCode", "") == "HOS00012");
      CHECK(json::GetStringOr(a.out["query"]["data"], "orderId", "") == orderId);
      CHECK(h.sandbox().requests("HOS00003") == 1);
      Answer q = FollowUp(a);
      INFO(q.text);
      CHECK(q.code == "000000");
      if (f.processed) {
        CHECK(q.data("orderStatus") == "02");  // paid once: the query settles it
      } else {
        CHECK(q.businessCode() == 1000);  // never arrived at the platform: safe to pay again
      }
    }
    DYNAMIC_SECTION("HOS00004 " << f.name) {
      Answer paid = Pay(token, "PAY" + crypto::RandomAlnum(12), 1000);
      REQUIRE(paid.code == "000000");
      std::string refundId = "RFD" + crypto::RandomAlnum(12);
      h.sandbox().InjectFault("HOS00004", f.fault, 1, 800);
      Answer a = Call(Req("HOS00004", R"("orderId":")" + refundId + R"(","origOrderId":")" + paid.data("queryId") +
                                          R"(","amtRefund":300,)" + kHosp));
      INFO(a.text);
      CHECK(a.code == "000107");
      CHECK(json::GetStringOr(a.out["query"]["data"], "orderId", "") == refundId);
      CHECK(h.sandbox().requests("HOS00004") == 1);
      Answer q = FollowUp(a);
      CHECK((f.processed ? q.data("orderStatus") == "12" : q.businessCode() == 1000));
    }
    DYNAMIC_SECTION("HOS00014 " << f.name) {
      Answer paid = Pay(token, "PAY" + crypto::RandomAlnum(12), 10000);
      std::string visit = "ZY" + crypto::RandomAlnum(8), trial = "TRL" + crypto::RandomAlnum(10), settle = "STL" + crypto::RandomAlnum(10);
      std::string common = R"("treatmentSerialNo":")" + visit + R"(","setlId":"SL00000001",)" + kHosp;
      REQUIRE(Call(Req("HOST0014", R"("trialId":")" + trial + "\"," + common + R"(,"origPayQueryId":")" + paid.data("queryId") +
                                       R"(","settleAmt":8000,"nonCreditPayAmt":0)")).code == "000000");
      h.sandbox().InjectFault("HOS00014", f.fault, 1, 800);
      Answer a = Call(Req("HOS00014", R"("trialId":")" + trial + R"(","orderId":")" + settle + "\"," + common +
                                          R"(,"origPayQueryId":[")" + paid.data("queryId") +
                                          R"("],"settleAmt":8000,"nonCreditPayAmt":0,"miAmt":0,"budgetAmt":0,"grAmt":0)"));
      INFO(a.text);
      CHECK(a.code == "000107");
      CHECK(json::GetStringOr(a.out["query"], "transCode", "") == "HOS00016");
      CHECK(json::GetStringOr(a.out["query"]["data"], "type", "") == "01");
      CHECK(h.sandbox().requests("HOS00014") == 1);
      Answer q = FollowUp(a);
      CHECK((f.processed ? q.data("orderStatus") == "32" : q.businessCode() == 1000));
    }
    DYNAMIC_SECTION("AMP refund " << f.name) {
      std::string medOrgOrd = "ZL" + crypto::RandomAlnum(14);
      REQUIRE(Call(R"({"api":"pushMsg","data":{"appType":"01","medOrgOrd":")" + medOrgOrd +
                   R"(","orgCode":"H35010200227","patientName":"周大鹏","idType":"01","idNo":"460029196507081627","pushType":"HOSPITAL_PAYMENT","orderStatus":"MERCHANT_WAIT_PAY","amount":"50.00"}})")
                  .code == "000000");
      httplib::Client c("127.0.0.1", h.sandbox().port());
      auto res = c.Get(("/sandbox/amp/settlement?medOrgOrd=" + medOrgOrd).c_str());
      json::Document ids;
      REQUIRE(json::Parse(res->body, &ids).ok());
      std::string outRefundNo = "ORN" + crypto::RandomAlnum(12);
      h.sandbox().InjectFault("AMP_HOS_002", f.fault, 1, 800);
      Answer a = Call(R"({"api":"refund","data":{"ampTraceId":")" + json::GetStringOr(ids, "ampTraceId", "") + R"(","traceId":")" +
                      json::GetStringOr(ids, "traceId", "") + R"(","orgTraceNo":")" + medOrgOrd +
                      R"(","orgCode":"H35010200227","refundReason":"测试","refundAmount":"5.00","outRefundNo":")" + outRefundNo +
                      R"(","orgRefundSn":"OR1"}})");
      INFO(a.text);
      CHECK(a.code == "000107");
      CHECK(json::GetStringOr(a.out["query"], "api", "") == "AMP_HOS_003");
      CHECK(json::GetStringOr(a.out["query"]["data"], "outRefundNo", "") == outRefundNo);
      CHECK(h.sandbox().requests("AMP_HOS_002") == 1);
      Answer q = FollowUp(a);
      INFO(q.text);
      CHECK((f.processed ? q.businessCode() == 0 : q.businessCode() == -1));
    }
  }
}

TEST_CASE("a duplicate platformSeqId is a verified refusal, not an unknown outcome", "[faults][matrix]") {
  SandboxHarness h(kTimeouts);
  std::string token = SignToken();
  h.sandbox().InjectFault("HOS00003", Fault::DuplicateSeq);
  Answer a = Pay(token, "PAY" + crypto::RandomAlnum(12), 100);
  CHECK(a.code == "000000");
  CHECK(a.businessCode() == 4008);
  CHECK(h.sandbox().requests("HOS00003") == 1);
}

TEST_CASE("query calls under every fault: retried with backoff, bounded", "[faults][matrix]") {
  SandboxHarness h(kTimeouts);
  std::string token = SignToken();
  Answer paid = Pay(token, "PAY" + crypto::RandomAlnum(12), 100);
  const std::string today = paid.data("orderTime").substr(0, 8);
  // A real AMP refund, so that its query is answered with data (encData) to damage.
  std::string medOrgOrd = "ZL" + crypto::RandomAlnum(14);
  Call(R"({"api":"pushMsg","data":{"appType":"01","medOrgOrd":")" + medOrgOrd +
       R"(","orgCode":"H35010200227","patientName":"周大鹏","idType":"01","idNo":"460029196507081627","pushType":"HOSPITAL_PAYMENT","orderStatus":"MERCHANT_WAIT_PAY","amount":"50.00"}})");
  httplib::Client c("127.0.0.1", h.sandbox().port());
  json::Document ids;
  REQUIRE(json::Parse(c.Get(("/sandbox/amp/settlement?medOrgOrd=" + medOrgOrd).c_str())->body, &ids).ok());
  REQUIRE(Call(R"({"api":"refund","data":{"ampTraceId":")" + json::GetStringOr(ids, "ampTraceId", "") + R"(","traceId":")" +
               json::GetStringOr(ids, "traceId", "") + R"(","orgTraceNo":")" + medOrgOrd +
               R"(","orgCode":"H35010200227","refundReason":"测试","outRefundNo":"ORNMATRIX1","orgRefundSn":"OR1"}})")
              .businessCode() == 0);
  const std::pair<std::string, std::string> queries[] = {
      {"HOS00012", Req("HOS00012", R"("orderId":")" + paid.data("orderId") + "\"," + kHosp)},
      {"HOS00001", Req("HOS00001", R"("idNo":"441802198708081050","idType":"01","userName":"张三丰",)" + std::string(kHosp) + R"(,"treatmentSerialNo":"ZY0001")")},
      {"HOS00013", Req("HOS00013", R"("settleDate":")" + today + "\"," + kHosp)},
      {"HOS00029", Req("HOS00029", R"("treatmentSerialNo":"ZY0001","idNo":"441802198708081050","hospitalId":"QYH44180200001")")},
      {"AMP_HOS_003", R"({"api":"AMP_HOS_003","data":{"orgCode":"H35010200227","outRefundNo":"ORNMATRIX1"}})"},
  };
  for (const auto& [api, request] : queries) {
    for (const FaultCase& f : kFaults) {
      DYNAMIC_SECTION(api << " once " << f.name) {
        h.sandbox().InjectFault(api, f.fault, 1, 800);
        long before = h.sandbox().requests(api);
        Answer a = Call(request);
        INFO(a.text);
        CHECK(a.code == "000000");                         // the retry got through
        CHECK(h.sandbox().requests(api) - before == 2);  // exactly one retry
      }
    }
  }
  const std::pair<Fault, const char*> finalCodes[] = {{Fault::DropAfterRead, "000100"}, {Fault::Http500, "000100"},
                                                      {Fault::NonJson, "000100"},       {Fault::Slow, "000100"},
                                                      {Fault::BadSignature, "000102"}, {Fault::BadEncData, "000101"}};
  for (const auto& [fault, code] : finalCodes) {
    DYNAMIC_SECTION("HOS00012 always " << code) {
      h.sandbox().InjectFault("HOS00012", fault, 10, 800);
      long before = h.sandbox().requests("HOS00012");
      Answer a = Call(queries[0].second);
      CHECK(a.code == code);
      CHECK(h.sandbox().requests("HOS00012") - before == 3);  // 1 + transport.queryRetries
      h.sandbox().ClearFaults();
    }
  }
  SECTION("transport.queryRetries=0 turns retries off") {
    h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key, R"("transport":{"queryRetries":0})");
    h.sandbox().InjectFault("HOS00012", Fault::Http500, 1);
    long before = h.sandbox().requests("HOS00012");
    CHECK(Call(queries[0].second).code == "000100");
    CHECK(h.sandbox().requests("HOS00012") - before == 1);
  }
}

TEST_CASE("the journal records every money-moving call before it leaves, and its outcome", "[journal]") {
  std::string path = "journal_states_test.db";
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  SandboxHarness h(kTimeouts + R"(,"journal":{"path":")" + path + "\"}");
  std::string token = SignToken();
  std::string okId = "PAY" + crypto::RandomAlnum(12), lostId = "PAY" + crypto::RandomAlnum(12);
  CHECK(Pay(token, okId, 100).code == "000000");
  h.sandbox().InjectFault("HOS00003", Fault::DropAfterRead);
  CHECK(Pay(token, lostId, 200).code == "000107");
  Answer status = Call(Req("HOS00012", R"("orderId":")" + okId + "\"," + kHosp));  // queries are not journaled
  CHECK(status.code == "000000");

  auto journal = OpenSqliteJournal(path);
  REQUIRE(journal.ok());
  auto all = journal.value->List(false);
  REQUIRE(all.ok());
  REQUIRE(all.value.size() == 2);
  CHECK(all.value[0].ref == okId);
  CHECK(all.value[0].state == "done");
  CHECK(all.value[0].amount == "100");
  CHECK(all.value[1].ref == lostId);
  CHECK(all.value[1].state == "unknown");
  CHECK(all.value[1].query.find(R"("transCode":"HOS00012")") != std::string::npos);
  CHECK(journal.value->List(true).value.size() == 1);

  // A journal that cannot be written stops the payment before anything is sent.
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key, R"("journal":{"path":"/nonexistent/dir/j.db"})");
  long before = h.sandbox().requests("HOS00003");
  Answer refused = Call(Req("HOS00003", R"("signToken":")" + token + R"(","orderId":"PAYNOJOURNAL1","amt":1,)" + kHosp +
                                            R"(,"orderType":"3","mdtrtId":"M","setlId":"S")"));
  CHECK(refused.code == "000002");
  CHECK(json::GetStringOr(refused.out, "message", "").find("本次交易未发送") != std::string::npos);
  CHECK(h.sandbox().requests("HOS00003") == before);
}
