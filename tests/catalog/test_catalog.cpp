#include <catch2/catch.hpp>

#include "catalog/catalog.h"

using namespace onetrans;

namespace {

Status Check(const char* transCode, const char* dataJson) {
  json::Document d;
  REQUIRE(json::Parse(dataJson, &d).ok());
  const catalog::Interface* itf = catalog::Qingyuan().Find(transCode);
  REQUIRE(itf != nullptr);
  return catalog::Qingyuan().Validate(*itf, d);
}

const char* kPay =
    R"({"signToken":"ST1","orderId":"PAY2025010100001","amt":12345,"hospitalId":"QYH44180200001","cityCode":"441800","orderType":"2","mdtrtId":"MD1","setlId":"SL1"})";

}  // namespace

TEST_CASE("the Qingyuan catalog holds every transCode the platform provides", "[catalog]") {
  for (const char* code : {"HOS00025", "HOS00001", "HOS00003", "HOS00004", "HOST0014", "HOS00014", "HOS00016", "HOS00012",
                           "HOS00013", "HOS00020", "HOS00021", "HOS00022", "HOS00023", "HOS00024", "HOS00026", "HOS00027",
                           "HOS00028", "HOS00029"}) {
    INFO(code);
    const catalog::Interface* itf = catalog::Qingyuan().Find(code);
    REQUIRE(itf != nullptr);
    CHECK_FALSE(itf->request.empty());
    CHECK_FALSE(itf->name.empty());
  }
  CHECK(catalog::Qingyuan().Find("HOS00015") == nullptr);  // withdrawn in v2.7.1
  CHECK(catalog::Qingyuan().RtMessage("4008") == "域已存在：请求流水号重复了");
}

TEST_CASE("money-moving calls name the query that settles an unknown outcome", "[catalog]") {
  CHECK(catalog::Qingyuan().Find("HOS00003")->moneyMoving->query == "HOS00012");
  CHECK(catalog::Qingyuan().Find("HOS00004")->moneyMoving->query == "HOS00012");
  CHECK(catalog::Qingyuan().Find("HOS00014")->moneyMoving->query == "HOS00016");
  CHECK_FALSE(catalog::Qingyuan().Find("HOS00012")->moneyMoving.has_value());
}

TEST_CASE("a valid request passes", "[catalog]") { CHECK(Check("HOS00003", kPay).ok()); }

TEST_CASE("broken rules are named with the field path, the seed's description and the rule", "[catalog]") {
  SECTION("missing required field") {
    Status st = Check("HOS00012", R"({"hospitalId":"QYH44180200001","cityCode":"441800"})");
    CHECK(st.code == rc::kInvalidInput);
    CHECK(st.message == "data.orderId（原支付或者退款医院订单号）：必填字段缺失");
  }
  SECTION("amount as a string") {
    std::string bad = kPay;
    bad.replace(bad.find("12345"), 5, "\"12.50\"");
    Status st = Check("HOS00003", bad.c_str());
    CHECK(st.message.find("data.amt（交易总金额，以分为单位）：类型应为整数") == 0);
    CHECK(st.message.find("\"12.50\"") != std::string::npos);
  }
  SECTION("amount as a decimal number") {
    std::string bad = kPay;
    bad.replace(bad.find("12345"), 5, "123.45");
    CHECK(Check("HOS00003", bad.c_str()).message.find("小数 123.45") != std::string::npos);
  }
  SECTION("negative amount") {
    std::string bad = kPay;
    bad.replace(bad.find("12345"), 5, "-1");
    CHECK(Check("HOS00003", bad.c_str()).message.find("不能为负数") != std::string::npos);
  }
  SECTION("too many digits") {
    std::string bad = kPay;
    bad.replace(bad.find("12345"), 5, "123456789012");
    CHECK(Check("HOS00003", bad.c_str()).message.find("最多11位数字") != std::string::npos);
  }
  SECTION("length range") {
    Status st = Check("HOS00012", R"({"orderId":"P1","hospitalId":"QYH44180200001","cityCode":"441800"})");
    CHECK(st.message == "data.orderId（原支付或者退款医院订单号）：长度应为8至40个字符，实际为2");
  }
  SECTION("lengths count characters, not bytes") {
    CHECK(Check("HOS00026", R"({"treatmentSerialNo":"T1","idNo":"一二三四五六七八九十一二三四五六七八"})").ok());
    CHECK_FALSE(Check("HOS00026", R"({"treatmentSerialNo":"T1","idNo":"一二三四五六七八九十一二三四五六七八九"})").ok());
  }
  SECTION("dictionary value") {
    Status st = Check("HOS00001", R"({"idNo":"441802198708081050","idType":"07","userName":"张三","hospitalId":"QYH44180200001","cityCode":"441800","treatmentSerialNo":"ZY1"})");
    CHECK(st.message.find("data.idType（证件类型）：取值 \"07\" 不在字典 idType 中") == 0);
  }
  SECTION("empty string for a required field") {
    Status st = Check("HOS00012", R"({"orderId":"","hospitalId":"QYH44180200001","cityCode":"441800"})");
    CHECK(st.message.find("必填字段不能为空字符串") != std::string::npos);
  }
  SECTION("date format") {
    Status st = Check("HOS00013", R"({"settleDate":"20241301","hospitalId":"QYH44180200001","cityCode":"441800"})");
    CHECK(st.message.find("data.settleDate（对账日期YYYYMMDD，如：20240101）：格式应为 yyyyMMdd") == 0);
  }
  SECTION("nested list path") {
    Status st = Check("HOS00021", R"({"patientId":"P1","treatmentSerialNo":"T1","name":"张三","gender":1,"documentsType":1,"documentsNo":"441802198708081050","chiefComplaint":"c","firstDiagnosis":"f","otherDiagnoses":"o","treatmentType":3,"dischargeState":"1","diagnosisList":[{"type":"1","diseaseCode":"A01","diseaseName":"n","diagnosisTime":"2025-01-01 10:00:00"},{"type":"1","diseaseName":"n","diagnosisTime":"t"}]})");
    CHECK(st.message == "data.diagnosisList[1].diseaseCode（疾病代码（ICD-10））：必填字段缺失");
  }
  SECTION("list item that is not an object") {
    Status st = Check("HOS00021", R"({"patientId":"P1","treatmentSerialNo":"T1","name":"张三","gender":1,"documentsType":1,"documentsNo":"441802198708081050","chiefComplaint":"c","firstDiagnosis":"f","otherDiagnoses":"o","treatmentType":3,"dischargeState":"1","diagnosisList":["x"]})");
    CHECK(st.message.find("data.diagnosisList[0]：列表元素应为JSON对象") == 0);
  }
  SECTION("extParams must hold JSON") {
    std::string bad = kPay;
    bad.insert(bad.size() - 1, R"(,"extParams":"not json")");
    CHECK(Check("HOS00003", bad.c_str()).message.find("应为JSON对象格式的字符串") != std::string::npos);
  }
}

TEST_CASE("seed errata: aliases and either-typed fields", "[catalog]") {
  const char* fee = R"({"patientId":"P1","treatmentSerialNo":"T1","medicalInsuranceType":"310","expenMode":"0040","feeList":[{"payId":"F1","total":"100","socialInAmnt":"0","socialInsuranceTotal":"0","socialPayAmnt":"0","thirdpartyPayTotal":"0","selfAAmnt":"0","selfBAmnt":"0","selfCAmnt":"0","totalAmount":"100","outOfPocketTotal":"0",)";
  const char* detail = R"([{"payId":"D1","itemNo":"I1","medicalCatalogCode":"C1","medicalCatalogName":"N","price":"100","quantity":"1","outOfPocketRatio":"90.05","total":"100","diagnosticFee":"0","bedFee":"0"}]}]})";
  CHECK(Check("HOS00022", (std::string(fee) + "\"DetailList\":" + detail).c_str()).ok());
  CHECK(Check("HOS00022", (std::string(fee) + "\"detailList\":" + detail).c_str()).ok());
  Status missing = Check("HOS00022", (std::string(fee) + "\"otherList\":" + detail).c_str());
  CHECK(missing.message == "data.feeList[0].DetailList（费用明细列表）：必填字段缺失");
  std::string badMoney = std::string(fee) + "\"DetailList\":" + detail;
  badMoney.replace(badMoney.find("\"price\":\"100\""), 13, "\"price\":\"1.00\"");
  CHECK(Check("HOS00022", badMoney.c_str()).message.find("data.feeList[0].DetailList[0].price（单价（单位：分））：应为整数字符串") == 0);

  std::string settle = R"({"trialId":"TRL00000001","orderId":"STL00000001","treatmentSerialNo":"ZY1","setlId":"SL000001","hospitalId":"QYH44180200001","cityCode":"441800","origPayQueryId":X,"settleAmt":1,"nonCreditPayAmt":0,"miAmt":0,"budgetAmt":0,"grAmt":0})";
  auto with = [&](const char* v) { std::string s = settle; s.replace(s.find('X'), 1, v); return Check("HOS00014", s.c_str()); };
  CHECK(with(R"("Q1,Q2")").ok());
  CHECK(with(R"(["Q1","Q2"])").ok());
  CHECK(with(R"([1])").message.find("data.origPayQueryId") == 0);
  CHECK(with(R"("Q1,,Q2")").message.find("英文逗号分隔") != std::string::npos);
}

TEST_CASE("catalog data that is not a catalog is refused", "[catalog]") {
  CHECK_FALSE(catalog::Catalog::Load("[]").ok());
  CHECK_FALSE(catalog::Catalog::Load(R"({"transCodes":{"X":{"request":[{"name":"a","type":"blob"}]}}})").ok());
}
