// Every Qingyuan transCode through MobileTrans against the sandbox, in the order a
// hospital would use them.
#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <zip.h>

#include "crypto/crypto.h"
#include "onetrans/onetrans.h"
#include "support/harness.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

size_t Collect(char* p, size_t s, size_t n, void* u) {
  static_cast<std::string*>(u)->append(p, s * n);
  return s * n;
}

std::string HttpGet(const std::string& url, long* status) {
  std::string body;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
  curl_easy_cleanup(c);
  return body;
}

std::string Unzip(const std::string& zipBytes, std::string* memberName) {
  zip_error_t err;
  zip_source_t* src = zip_source_buffer_create(zipBytes.data(), zipBytes.size(), 0, &err);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
  REQUIRE(za != nullptr);
  REQUIRE(zip_get_num_entries(za, 0) == 1);
  *memberName = zip_get_name(za, 0, 0);
  zip_stat_t st;
  zip_stat_index(za, 0, 0, &st);
  std::string text(st.size, '\0');
  zip_file_t* f = zip_fopen_index(za, 0, 0);
  zip_fread(f, text.data(), st.size);
  zip_fclose(f);
  zip_close(za);
  return text;
}

void Ok(const Answer& a) {
  INFO(a.text);
  REQUIRE(a.code == "000000");
  REQUIRE(a.businessCode() == 0);
}

}  // namespace

TEST_CASE("a patient's whole journey through every Qingyuan transCode", "[flow][sandbox]") {
  SandboxHarness h;
  const std::string id = "44180219950505" + std::to_string(1000 + std::rand() % 8999);
  const std::string who = R"("idNo":")" + id + R"(","userName":"王五")";
  const std::string visit = "ZY" + crypto::RandomAlnum(10);

  // Not signed yet: the platform hands out the H5 address; the patient signs there.
  Answer unsignedQuery = Call(Req("HOS00001", who + R"(,"idType":"01",)" + kHosp + R"(,"treatmentSerialNo":")" + visit + "\""));
  Ok(unsignedQuery);
  CHECK(unsignedQuery.data("signStatus") == "0");
  Answer h5 = Call(Req("HOS00025", who + R"(,"mobile":"13900000002","cityCode":"441800","hospitalId":"QYH44180200001")"));
  Ok(h5);
  long status = 0;
  HttpGet(h5.data("forwardUrl"), &status);
  CHECK(status == 200);

  Answer signedQuery = Call(Req("HOS00001", who + R"(,"idType":"01",)" + kHosp + R"(,"treatmentSerialNo":")" + visit + "\""));
  Ok(signedQuery);
  CHECK(signedQuery.data("signStatus") == "1");
  std::string token = signedQuery.data("signToken");
  REQUIRE(token.size() > 10);
  CHECK(json::GetStringOr(signedQuery.out, "transCode", "") == "HOS00001");
  CHECK(json::GetStringOr(signedQuery.out, "rtCode", "") == "0000");

  // Two deposits, a partial refund, status queries for both kinds of order.
  std::string pay1 = "PAY" + crypto::RandomAlnum(12), pay2 = "PAY" + crypto::RandomAlnum(12);
  auto pay = [&](const std::string& orderId, int amt) {
    return Call(Req("HOS00003", R"("signToken":")" + token + R"(","orderId":")" + orderId + R"(","amt":)" + std::to_string(amt) +
                                    "," + kHosp + R"(,"orderType":"2","mdtrtId":"MD1","setlId":"SL1")"));
  };
  Answer p1 = pay(pay1, 50000), p2 = pay(pay2, 30000);
  Ok(p1);
  Ok(p2);
  CHECK(p1.data("amt") == "50000");
  CHECK(p1.data("orderStatus") == "02");
  std::string q1 = p1.data("queryId"), q2 = p2.data("queryId");

  // The same order again is answered from the journal, nothing sent; the same order id with
  // another amount is refused locally. Either way money moves once.
  long sent = h.sandbox().requests("HOS00003");
  Answer again = pay(pay1, 50000);
  CHECK(again.code == "000000");
  CHECK(again.text == p1.text);
  Answer changed = pay(pay1, 50001);
  CHECK(changed.code == "000105");
  CHECK(json::GetStringOr(changed.out, "origin", "") == "local");
  CHECK(json::GetStringOr(changed.out, "message", "").find("data.orderId") == 0);
  CHECK(h.sandbox().requests("HOS00003") == sent);

  std::string refundId = "RFD" + crypto::RandomAlnum(12);
  Answer refund = Call(Req("HOS00004", R"("orderId":")" + refundId + R"(","origOrderId":")" + q2 + R"(","amtRefund":10000,)" + kHosp));
  Ok(refund);
  CHECK(refund.data("orderStatus") == "12");
  CHECK(refund.data("origOrderId") == pay2);
  Answer tooMuch = Call(Req("HOS00004", R"("orderId":"RFD)" + crypto::RandomAlnum(12) + R"(","origOrderId":")" + q2 + R"(","amtRefund":20001,)" + kHosp));
  CHECK(tooMuch.businessCode() == 1000);
  CHECK(json::GetStringOr(tooMuch.out, "message", "").find("可退金额 20000") != std::string::npos);

  Answer st1 = Call(Req("HOS00012", R"("orderId":")" + pay1 + "\"," + kHosp));
  Ok(st1);
  CHECK(st1.data("queryId") == q1);
  Answer st2 = Call(Req("HOS00012", R"("orderId":")" + refundId + "\"," + kHosp));
  Ok(st2);
  CHECK(st2.data("orderStatus") == "12");

  // Discharge: 1000.00 元 bill, 400.00 元 paid otherwise, 700.00 元 on deposit -> 100.00 元 back.
  std::string trial = "TRL" + crypto::RandomAlnum(10), settle = "STL" + crypto::RandomAlnum(10);
  std::string common = R"("treatmentSerialNo":")" + visit + R"(","setlId":"SL00000001",)" + kHosp;
  Answer t = Call(Req("HOST0014", R"("trialId":")" + trial + "\"," + common + R"(,"origPayQueryId":")" + q1 + "," + q2 +
                                      R"(","settleAmt":100000,"nonCreditPayAmt":40000)"));
  Ok(t);
  CHECK(t.data("psnAmt") == "70000");
  CHECK(t.data("refundAmt") == "10000");
  CHECK(t.data("supplementAmt") == "0");
  Answer s = Call(Req("HOS00014", R"("trialId":")" + trial + R"(","orderId":")" + settle + "\"," + common +
                                      R"(,"origPayQueryId":[")" + q1 + R"(",")" + q2 +
                                      R"("],"settleAmt":100000,"nonCreditPayAmt":40000,"miAmt":30000,"budgetAmt":0,"grAmt":10000)"));
  Ok(s);
  CHECK(s.data("orderStatus") == "32");
  CHECK(s.data("refundAmt") == "10000");
  CHECK(s.out["data"]["orderList"].Size() == 2);
  Answer sq = Call(Req("HOS00016", R"("orderId":")" + settle + R"(","treatmentSerialNo":")" + visit + "\"," + kHosp + R"(,"type":"01")"));
  Ok(sq);
  CHECK(sq.data("queryId") == s.data("queryId"));

  // Today's bill holds both payments and the refund.
  std::string today = p1.data("orderTime").substr(0, 8);
  Answer bill = Call(Req("HOS00013", R"("settleDate":")" + today + "\"," + kHosp));
  Ok(bill);
  std::string zip = HttpGet(bill.data("settleFileUrl"), &status);
  REQUIRE(status == 200);
  std::string member;
  std::string text = Unzip(zip, &member);
  CHECK(member.find(today) != std::string::npos);
  CHECK(text.find(q1 + "!|" + pay1 + "!|") != std::string::npos);
  CHECK(text.find("!|02!|10000!|") != std::string::npos);

  // Commercial-insurance claim material, then the case's status, then its withdrawal.
  std::string claim = R"("treatmentSerialNo":")" + visit + "\"";
  Ok(Call(Req("HOS00020", R"("patientId":"PT1",)" + claim + R"(,"name":"王五","documentsType":"01","documentsNo":")" + id +
                              R"(","treatmentType":"2","treatmentTime":"2025-01-01 08:00:00","medicalInsuranceType":"1","total":"100000","newBorn":{"name":"王小五","documentsType":"11","documentsNo":"B1"})")));
  Ok(Call(Req("HOS00021", R"("patientId":"PT1",)" + claim + R"(,"name":"王五","gender":1,"documentsType":1,"documentsNo":")" + id +
                              R"(","chiefComplaint":"腹痛","firstDiagnosis":"阑尾炎","otherDiagnoses":"无","treatmentType":3,"dischargeState":"2","diagnosisList":[{"type":"1","diseaseCode":"K35","diseaseName":"急性阑尾炎","diagnosisTime":"2025-01-01 09:00:00"}],"operationInfoList":[{"surgicalName":"阑尾切除术","surgicalCode":"47.09","surgicalStartTime":"2025-01-01 10:00:00","surgicalEndTime":"2025-01-01 11:00:00"}])")));
  Ok(Call(Req("HOS00022", R"("patientId":"PT1",)" + claim + R"(,"medicalInsuranceType":"310","expenMode":"0040","feeList":[{"payId":"F1","total":"100000","socialInAmnt":"80000","socialInsuranceTotal":"30000","socialPayAmnt":"0","thirdpartyPayTotal":"0","selfAAmnt":"50000","selfBAmnt":"30000","selfCAmnt":"20000","totalAmount":"70000","outOfPocketTotal":"20000","DetailList":[{"payId":"D1","itemNo":"I001","medicalCatalogCode":"C001","medicalCatalogName":"阑尾切除","price":"100000","quantity":"1","outOfPocketRatio":"10.00","total":"100000","diagnosticFee":"0","bedFee":"0"}]}])")));
  Ok(Call(Req("HOS00023", claim + R"(,"mdtrtType":"2","certno":")" + id + R"(","psnName":"王五","fixmedinsCode":"H44180200001","fixmedinsName":"清远市人民医院","hospitalLevel":"3","isInsuranceCovered":"1","hospitalType":"A","billList":[{"payId":"F1","elecSetlCertCode":"E1","elecSetlCertNo":"N1","elecSetlCertChkcode":"K1","rcptDcType":"M","billAmt":"1000.00","billDate":"2025-01-02","medSumfee":"1000.00","hifpPay":"300.00","psnAcctPay":"0.00","psnCashpay":"700.00","begntime":"2025-01-01 08:00:00","endtime":"2025-01-02 10:00:00","detItemFeeSumamt":"1000.00","medListCodg":"C001","medicalProject":"阑尾切除"}])")));
  Ok(Call(Req("HOS00024", claim + R"(,"reportNo":"R1","patientName":"王五","gender":"1","age":"30","imageNo":"IMG1","department":"放射科","inspectionDate":"2025-01-01","inspectionName":"腹部CT","imagePerformance":"阑尾增粗","diagnosisOpinion":"急性阑尾炎","reportingDoctor":"李医生","reviewingDoctor":"赵医生")")));
  Ok(Call(Req("HOS00028", claim + R"(,"idNo":")" + id + R"(","fileType":"PNG","imageBase64":"iVBORw0KGgo=","imageType":"3044","verifyStatus":"0")")));
  Ok(Call(Req("HOS00027", claim + R"(,"idNo":")" + id + R"(","status":"1")")));
  Answer caseStatus = Call(Req("HOS00029", claim + R"(,"idNo":")" + id + "\"," + R"("hospitalId":"QYH44180200001")"));
  Ok(caseStatus);
  CHECK(caseStatus.data("claimNode") == "3");
  Ok(Call(Req("HOS00026", claim + R"(,"idNo":")" + id + "\"")));
  CHECK(Call(Req("HOS00029", claim + R"(,"idNo":")" + id + "\"," + R"("hospitalId":"QYH44180200001")")).data("claimNode") == "9");

  // Every call above reached the sandbox exactly once; the repeats never did.
  CHECK(h.sandbox().requests("HOS00003") == 2);
  CHECK(h.sandbox().requests("HOS00004") == 2);
}

TEST_CASE("a frozen or unknown signer cannot pay", "[flow][sandbox]") {
  SandboxHarness h;
  Answer frozen = Call(Req("HOS00001", R"("idNo":"441802199001011234","idType":"01","userName":"李四",)" + std::string(kHosp) + R"(,"treatmentSerialNo":"ZY1")"));
  Ok(frozen);
  CHECK(frozen.data("signStatus") == "9");
  Answer noToken = Call(Req("HOS00003", R"("signToken":"STnotatoken","orderId":"PAY00000001","amt":1,)" + std::string(kHosp) + R"(,"orderType":"3","mdtrtId":"M","setlId":"S")"));
  CHECK(noToken.code == "000000");
  CHECK(noToken.businessCode() == 1);
  CHECK(json::GetStringOr(noToken.out, "rtCode", "") == "0001");
}
