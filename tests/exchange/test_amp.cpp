// The AMP regional portal through MobileTrans against the sandbox: every API, the seed's
// input form and the short form, conditional rules, refunds and bills.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <chrono>
#include <thread>

#include "bill/bill.h"
#include "exchange/bill_fetch.h"
#include "core/clock.h"
#include "crypto/crypto.h"
#include "support/harness.h"
#include "support/vectors.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

const std::string kOrg = R"("orgCode":"H35010200227")";

std::string PushPayment(const std::string& medOrgOrd, const std::string& amount) {
  return R"({"api":"pushMsg","data":{"appType":"01","medOrgOrd":")" + medOrgOrd + R"(",)" + kOrg +
         R"(,"patientName":"周大鹏","idType":"01","idNo":"460029196507081627","pushType":"HOSPITAL_PAYMENT","orderStatus":"MERCHANT_WAIT_PAY","amount":")" +
         amount + R"("}})";
}

struct Settled {
  std::string ampTraceId, traceId, orgTraceNo;
};

Settled PayInPortal(SandboxHarness& h, const std::string& amount) {
  std::string medOrgOrd = "ZL" + crypto::RandomAlnum(14);
  Answer a = Call(PushPayment(medOrgOrd, amount));
  INFO(a.text);
  REQUIRE(a.code == "000000");
  REQUIRE(a.data("response") == "SUCCESS");
  httplib::Client c("127.0.0.1", h.sandbox().port());
  auto res = c.Get(("/sandbox/amp/settlement?medOrgOrd=" + medOrgOrd).c_str());
  REQUIRE(res);
  json::Document d;
  REQUIRE(json::Parse(res->body, &d).ok());
  auto pushes = c.Get(("/sandbox/amp/pushes?medOrgOrd=" + medOrgOrd).c_str());
  REQUIRE(pushes);
  CHECK(pushes->body.find(R"("orderStatus":"MERCHANT_WAIT_PAY","amount":")" + amount + "\"") != std::string::npos);
  return {json::GetStringOr(d, "ampTraceId", ""), json::GetStringOr(d, "traceId", ""), medOrgOrd};
}

std::string Refund(const Settled& s, const std::string& outRefundNo, const std::string& extra) {
  return R"({"api":"refund","data":{"ampTraceId":")" + s.ampTraceId + R"(","traceId":")" + s.traceId + R"(","orgTraceNo":")" +
         s.orgTraceNo + R"(",)" + kOrg + R"(,"refundReason":"患者要求退费","outRefundNo":")" + outRefundNo +
         R"(","orgRefundSn":"OR)" + outRefundNo + "\"" + extra + "}}";
}

std::string Query(const std::string& outRefundNo, const std::string& extra = "") {
  return R"({"api":"AMP_HOS_003","data":{)" + kOrg + R"(,"outRefundNo":")" + outRefundNo + "\"" + extra + "}}";
}

std::string Message(const Answer& a) { return json::GetStringOr(a.out, "message", ""); }

}  // namespace

TEST_CASE("AMP: the seed's own DLL pushMsg input works verbatim but for address and keys", "[amp]") {
  SandboxHarness h;
  const json::Value* vector = test::VectorsOfKind("amp-request").front();
  json::Document in;
  in.CopyFrom((*vector)["input"], in.GetAllocator());
  auto& a = in.GetAllocator();
  json::Value& data = in["data"];
  json::Set(data, "serverAddr", json::Str(h.sandbox().ampUrl() + "/pushMsg", a), a);
  json::Set(data, "appId", json::Str(sandbox::kDefaultAppId, a), a);
  json::Set(data, "appKey", json::Str(sandbox::kDefaultAppKey, a), a);
  data.RemoveMember("timestamp");  // the seed's 2022 timestamp is outside the 5-minute window
  json::Set(in, "orgId", json::Str(sandbox::kDefaultOrgId, a), a);
  json::Set(data, "amount", json::Str("66.00", a), a);  // required for HOSPITAL_PAYMENT (seed's rule)
  Answer r = Call(json::Serialize(in));
  INFO(r.text);
  CHECK(r.code == "000000");
  CHECK(r.businessCode() == 0);
  CHECK(r.data("response") == "SUCCESS");
  CHECK(Message(r) == "成功");
  CHECK(json::GetStringOr(r.out, "orgId", "") == sandbox::kDefaultOrgId);
  CHECK(json::GetStringOr(r.out, "extra", "x").empty());
  CHECK(h.sandbox().requests("AMP_HOS_001") == 1);
}

TEST_CASE("AMP: conditional and format rules reject before sending", "[amp]") {
  SandboxHarness h;
  auto without = [](std::string s, const std::string& field) {
    auto pos = s.find("\"" + field + "\"");
    auto end = s.find(',', pos);
    return s.erase(pos, end - pos + 1);
  };
  std::string pay = PushPayment("ZL0001", "12.00");
  std::string missingAmount = pay;
  missingAmount.replace(missingAmount.find(R"(,"amount":"12.00")"), 17, "");
  Answer a = Call(missingAmount);
  CHECK(a.code == "000105");
  CHECK(Message(a) == "data.amount（金额（单位元）：推送类型为支付单时必填）：pushType为HOSPITAL_PAYMENT（支付单）时必填");
  Answer b = Call(without(pay, "orderStatus"));
  CHECK(Message(b).find("data.orderStatus") == 0);
  std::string badAmount = pay;
  badAmount.replace(badAmount.find("12.00"), 5, "12.345");
  CHECK(Message(Call(badAmount)).find("应为以元为单位的金额字符串，至多2位小数") != std::string::npos);
  std::string appointment = R"({"api":"pushMsg","data":{"appType":"03","medOrgOrd":"ZL0009",)" + kOrg +
                            R"(,"patientName":"周大鹏","idType":"01","idNo":"460029196507081627","pushType":"HOSPITAL_APPOINTMENT"}})";
  CHECK(Call(appointment).code == "000000");  // 20 characters, beyond the seed's stated 10
  std::string badType = pay;
  badType.replace(badType.find("HOSPITAL_PAYMENT"), 16, "HOSPITAL_OTHER");
  CHECK(Message(Call(badType)).find("不在字典 pushType 中") != std::string::npos);
  CHECK(Message(Call(R"({"api":"pushMsg","data":{}})")).find("必填字段缺失") != std::string::npos);
  CHECK(Message(Call(R"({"api":"transfer","data":{}})")) == "api（接口）：不支持的接口 \"transfer\"");
  CHECK(Message(Call(R"({"data":{"serverAddr":"http://127.0.0.1:1/api/amp/hos/transfer"},"orgId":"1"})")).find("路径后缀 \"transfer\"") != std::string::npos);
  CHECK(Message(Call(R"({"data":{"serverAddr":"http://127.0.0.1:1/api/amp/hos/pushMsg","encryptType":"AES"},"orgId":"1"})")).find("encryptType") == 0);
  CHECK(h.sandbox().requests() == 1);  // only the valid appointment went out
}

TEST_CASE("AMP: refunds against a settlement, their life cycle and their limits", "[amp]") {
  SandboxHarness h;
  Settled s = PayInPortal(h, "100.00");  // 60.00 元 cash, 40.00 元 from the fund
  std::string ref1 = "ORN" + crypto::RandomAlnum(10);
  Answer r1 = Call(Refund(s, ref1, R"(,"refundType":"01","refundAmount":"25.50")"));
  INFO(r1.text);
  REQUIRE(r1.code == "000000");
  CHECK(r1.data("tradeStatus") == "ING");
  std::string ampRefundId = r1.data("ampRefundId");
  CHECK(Call(Query(ref1)).data("tradeStatus") == "ING");
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  Answer q = Call(Query(ref1, R"(,"ampRefundId":")" + ampRefundId + "\""));
  CHECK(q.data("tradeStatus") == "SUCCESS");
  CHECK(q.data("traceId") == s.traceId);
  Answer mismatch = Call(Query(ref1, R"(,"ampRefundId":"AR999")"));
  CHECK(mismatch.code == "000000");
  CHECK(mismatch.businessCode() == -1);

  // The same outRefundNo again (a HIS retrying, so a fresh signature) is the same refund, never a second one.
  Answer again = Call(Refund(s, ref1, R"(,"refundType":"01","refundAmount":"25.50","subOrgCode":"")"));
  CHECK(again.data("ampRefundId") == ampRefundId);
  Answer tooMuch = Call(Refund(s, "ORN" + crypto::RandomAlnum(10), R"(,"refundAmount":"34.51")"));
  CHECK(tooMuch.businessCode() == -1);
  CHECK(Message(tooMuch).find("可退自费金额 34.50 元") != std::string::npos);
  Answer full = Call(Refund(s, "ORN" + crypto::RandomAlnum(10), R"(,"refundType":"02")"));
  CHECK(full.businessCode() == -1);  // part of it is already refunded
  Answer rest = Call(Refund(s, "ORN" + crypto::RandomAlnum(10), ""));  // default: the rest of the cash
  CHECK(rest.businessCode() == 0);
  Answer forbidden = Call(Refund(s, "ORN1", R"(,"refundType":"02","refundAmount":"1.00")"));
  CHECK(forbidden.code == "000105");
  CHECK(Message(forbidden).find("refundType为02") != std::string::npos);
  Answer unknown = Call(Refund({"AMPX", "TRX", "NOPE"}, "ORN" + crypto::RandomAlnum(10), ""));
  CHECK(unknown.businessCode() == -1);
}

TEST_CASE("AMP: gateway codes — bad key, replay, wrong orgId", "[amp]") {
  SandboxHarness h;
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key,
           R"("amp":{"serverAddr":")" + h.sandbox().ampUrl() + R"(","appId":")" + sandbox::kDefaultAppId +
               R"(","appKey":"1FM99V9JM00N9A23A8C00000FFFFFFFF","orgId":")" + sandbox::kDefaultOrgId + R"("})");
  CHECK(Call(PushPayment("ZL0002", "1.00")).code == "000102");
  Answer refund = Call(Refund({"AMP1", "TR1", "OT1"}, "ORNBADKEY1", ""));
  CHECK(refund.code == "000107");
  CHECK(json::GetStringOr(refund.out["query"], "api", "") == "AMP_HOS_003");
  CHECK(json::GetStringOr(refund.out["query"]["data"], "outRefundNo", "") == "ORNBADKEY1");
  CHECK(json::GetStringOr(refund.out["query"]["data"], "orgCode", "") == "H35010200227");

  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key);
  // The very same signed request twice: the gateway's replay guard answers 010010.
  std::string ts = clock::Format("%Y-%m-%d %H:%M:%S");
  std::string fixed = PushPayment("ZL0003", "1.00");
  fixed.replace(fixed.find("\"data\":{") + 8, 0, R"("timestamp":")" + ts + "\",");
  CHECK(Call(fixed).code == "000000");
  Answer replay = Call(fixed);
  CHECK(replay.code == "010010");
  CHECK(json::GetStringOr(replay.out, "gatewayCode", "") == "010010");

  std::string otherOrg = PushPayment("ZL0004", "1.00");
  otherOrg.insert(otherOrg.size() - 1, R"(,"orgId":"99999999999")");
  Answer wrongOrg = Call(otherOrg);
  CHECK(wrongOrg.code == "000000");
  CHECK(wrongOrg.businessCode() == -4);
}

TEST_CASE("AMP: getTradeFile with download returns parsed, checked rows", "[amp][bill]") {
  sandbox::Options opts;
  opts.billUrlTtlSeconds = 1;
  SandboxHarness h("", opts);
  Settled s = PayInPortal(h, "88.00");
  Call(Refund(s, "ORN" + crypto::RandomAlnum(10), R"(,"refundAmount":"20.00")"));
  const std::string today = clock::Format("%Y-%m-%d");
  std::string req = R"({"api":"getTradeFile","download":true,"data":{)" + kOrg + R"(,"orgSecret":")" +
                    sandbox::kDefaultOrgSecret + R"(","billDate":")" + today + R"(","billType":"ALL"}})";
  Answer a = Call(req);
  INFO(a.text.substr(0, 2000));
  REQUIRE(a.code == "000000");
  const json::Value& b = a.out["data"]["bill"];
  CHECK(json::GetStringOr(b, "file", "") == "H35010200227__" + today + "_ALL.csv");
  REQUIRE(b["rows"].Size() == 2);
  CHECK(json::GetStringOr(b["rows"][0], "交易类型", "") == "TRADE");
  CHECK(json::GetStringOr(b["rows"][0], "费用总额", "") == "88.00");
  CHECK(json::GetStringOr(b["rows"][1], "交易类型", "") == "REFUND");
  CHECK(json::GetStringOr(b["rows"][1], "个人现金支付额", "") == "20.00");
  CHECK(b["warnings"].Empty());

  std::string consume = req;
  consume.replace(consume.find("\"ALL\""), 5, "\"CONSUME\"");
  CHECK(Call(consume).out["data"]["bill"]["rows"].Size() == 1);

  std::string wrongSecret = req;
  wrongSecret.replace(wrongSecret.find(sandbox::kDefaultOrgSecret), 16, "WRONGSECRET00000");
  CHECK(Call(wrongSecret).businessCode() == -4);

  // Without download: the URL expires after a second (the seed says one minute).
  std::string plain = req;  // a different billType: the same signed body twice would be a replay
  plain.replace(plain.find(R"("download":true,)"), 16, "");
  plain.replace(plain.find("\"ALL\""), 5, "\"REFUND\"");
  Answer link = Call(plain);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  transport::HttpClient http(TransportConfig{});
  auto late = exchange::FetchAmpBill(http, {link.data("downloadUrl"), link.data("digest"), "H35010200227", "", today, "REFUND"}, BillConfig{});
  CHECK(late.status.code == rc::kBadBill);
  CHECK(late.status.message.find("已过期或无效") != std::string::npos);
}

TEST_CASE("AMP: a digest mismatch is refused before the file is read", "[amp][bill]") {
  SandboxHarness h;
  const std::string today = clock::Format("%Y-%m-%d");
  Answer link = Call(R"({"api":"getTradeFile","data":{)" + kOrg + R"(,"orgSecret":")" + sandbox::kDefaultOrgSecret +
                     R"(","billDate":")" + today + R"(","billType":"ALL"}})");
  transport::HttpClient http(TransportConfig{});
  auto tampered = exchange::FetchAmpBill(http, {link.data("downloadUrl"), std::string(40, 'A'), "H35010200227", "", today, "ALL"}, BillConfig{});
  CHECK(tampered.status.code == rc::kBadBill);
  CHECK(tampered.status.message.find("对账文件SHA1摘要不符") == 0);
  auto wrongName = exchange::FetchAmpBill(http, {link.data("downloadUrl"), link.data("digest"), "H35010200227", "01", today, "ALL"}, BillConfig{});
  CHECK(wrongName.status.message.find("H35010200227_01_") == 0);
  CHECK(wrongName.status.message.find("压缩文件中没有所需的对账文件") != std::string::npos);
}

TEST_CASE("Qingyuan: HOS00013 with download returns the parsed `!|` bill", "[bill]") {
  SandboxHarness h;
  Answer sign = Call(Req("HOS00001", R"("idNo":"441802198708081050","idType":"01","userName":"张三丰",)" + std::string(kHosp) +
                                         R"(,"treatmentSerialNo":"ZY0001")"));
  std::string orderId = "PAY" + crypto::RandomAlnum(12);
  Answer pay = Call(Req("HOS00003", R"("signToken":")" + sign.data("signToken") + R"(","orderId":")" + orderId +
                                        R"(","amt":4321,)" + kHosp + R"(,"orderType":"3","mdtrtId":"M","setlId":"S")"));
  REQUIRE(pay.code == "000000");
  std::string date = pay.data("orderTime").substr(0, 8);
  Answer bill = Call(R"({"transCode":"HOS00013","download":true,"data":{"settleDate":")" + date + "\"," + kHosp + "}}");
  INFO(bill.text.substr(0, 1500));
  REQUIRE(bill.code == "000000");
  const json::Value& rows = bill.out["data"]["bill"]["rows"];
  bool found = false;
  for (const auto& r : rows.GetArray())
    found |= json::GetStringOr(r, "订单号", "") == orderId && json::GetStringOr(r, "交易金额", "") == "4321";
  CHECK(found);
}
