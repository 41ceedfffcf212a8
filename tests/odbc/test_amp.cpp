// AMP ORG_001–ORG_004 (seed 001 part 2) answered by the hospital's database through the ODBC
// handler: a list with its head row, bills with their prescriptions and diagnoses as JSON
// columns, a settlement booked once per amp_trace_id, and the query that decides it.
#include <catch2/catch.hpp>

#include "odbc/handler_calls.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

std::string Account(const char* certNo) {
  return std::string(R"({"org_code":"H44180200001","mdtrt_cert_type":"02","mdtrt_cert_no":")") + certNo + R"(","cert_no":")" +
         certNo + R"(","account_type":"01"})";
}

}  // namespace

TEST_CASE("AMP ORG_001–ORG_004 are answered from the hospital's database", "[odbc][amp]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto h = OdbcHandler(db, "amp");
  const auto& cat = catalog::Amp();

  SECTION("ORG_001: the patient from the head statement, his cards as his_cust_list") {
    Answer a = Ask(*h, "amp", "ORG_001", Account("441802198708081050"));
    CheckValid(cat, "ORG_001", a);
    CHECK(a.Field("ret_code") == "00");
    CHECK(a.Field("psn_name") == "张三丰");
    CHECK(a.Field("mdtrt_cert_no") == "441802198708081050");  // bound from the request, returned by the function
    CHECK(a.Field("balance") == db.Scalar("SELECT SUM(b.balance) FROM balances b JOIN cards c ON c.card_no = b.card_no"
                                          " WHERE c.patient_id = 'P0001' AND c.account_type = '01'"));
    const auto& cards = a.data()["his_cust_list"];
    REQUIRE(std::to_string(cards.Size()) == db.Scalar("SELECT COUNT(*) FROM cards WHERE patient_id = 'P0001'"));
    CHECK(json::Text(cards[0], "his_cust_build_time") == "2019-04-22 08:30:00");
    CHECK_FALSE(cards[0].HasMember("cert_no"));  // a column the list item does not have is left out
  }

  SECTION("ORG_002: unsettled bills, prescriptions and diagnoses from JSON columns, decimals kept") {
    Answer a = Ask(*h, "amp", "ORG_002", Account("440103199003151226"));
    CheckValid(cat, "ORG_002", a);
    CHECK(a.Field("ret_code") == "00");
    const auto& bills = a.data()["unsettlelist"];
    REQUIRE(bills.Size() == 1);
    CHECK(json::Text(bills[0], "doc_trace_no") == "DJ202503120003");
    CHECK(json::Text(bills[0], "medfee_sumamt") == "38.00");
    CHECK(json::Text(bills[0], "age").size() == 2);  // an INT column for a string field: its digits
    CHECK_FALSE(bills[0].HasMember("diaglist"));     // NULL: absent
    const auto& rx = bills[0]["rxlist"];
    REQUIRE(rx.Size() == 1);
    CHECK(json::Text(rx[0], "pric") == "38.0000");  // a JSON number 38.0000 in the column, not 38
    CHECK(json::Text(rx[0], "det_item_fee_sumamt") == "38.00");
    CHECK(json::Text(rx[0], "item_name") == "妇科超声检查");
  }

  SECTION("ORG_003 settles once per amp_trace_id from the hospital balance; ORG_004 tells the result") {
    Answer before = Ask(*h, "amp", "ORG_002", Account("441802198708081050"));
    CheckValid(cat, "ORG_002", before);
    const auto& bills = before.data()["unsettlelist"];
    REQUIRE(std::to_string(bills.Size()) ==
            db.Scalar("SELECT COUNT(*) FROM bills WHERE patient_id = 'P0001' AND status = 'unsettled'"));
    REQUIRE(bills.Size() > 0);
    if (json::Text(bills[0], "doc_trace_no") == "DJ202503120001") {
      CHECK(bills[0]["rxlist"].Size() == 3);
      CHECK(bills[0]["diaglist"].Size() == 2);
      CHECK(json::Text(bills[0]["diaglist"][0], "diag_name") == "原发性高血压");
    }
    const auto& last = bills[bills.Size() - 1];
    std::string org = json::Text(last, "org_trace_no"), doc = json::Text(last, "doc_trace_no");
    std::string amount = json::Text(last, "medfee_sumamt");
    long long balance = Cents(db.Scalar("SELECT balance FROM balances WHERE card_no = 'JZ20190001'"));

    Answer pending = Ask(*h, "amp", "ORG_004", R"({"org_code":"H44180200001","org_trace_no":")" + org +
                                                  R"(","mdtrt_cert_type":"02","mdtrt_cert_no":"441802198708081050"})");
    CheckValid(cat, "ORG_004", pending);
    CHECK(pending.Field("result") == "fail");

    std::string settle = R"({"org_code":"H44180200001","mdtrt_cert_type":"02","mdtrt_cert_no":"441802198708081050",)"
                         R"("org_trace_no":")" + org + R"(","doc_trace_no":")" + doc + R"(","amp_trace_id":"AMP)" + doc +
                         R"(","feesum_amt":")" + amount + R"(","hosp_balc_pay_amt":")" + amount +
                         R"(","pay_chnl_trace_no":"4200002150202503120001","mch_trace_no":"MCH202503120001"})";
    Answer a = Ask(*h, "amp", "ORG_003", settle);
    CheckValid(cat, "ORG_003", a);
    CHECK(a.Field("result") == "succ");
    CHECK(Cents(a.Field("balance")) == balance - Cents(amount));
    REQUIRE(a.data()["druginfo"].Size() == 1);
    CHECK(json::Text(a.data()["druginfo"][0], "wait_num") == "2");  // a JSON number for a string field

    Answer again = Ask(*h, "amp", "ORG_003", settle);
    CheckValid(cat, "ORG_003", again);
    CHECK(again.Field("call_sn") == a.Field("call_sn"));
    CHECK(Cents(db.Scalar("SELECT balance FROM balances WHERE card_no = 'JZ20190001'")) == balance - Cents(amount));

    Answer done = Ask(*h, "amp", "ORG_004", R"({"org_code":"H44180200001","org_trace_no":")" + org +
                                               R"(","mdtrt_cert_type":"02","mdtrt_cert_no":"441802198708081050"})");
    CheckValid(cat, "ORG_004", done);
    CHECK(done.Field("result") == "succ");
    CHECK(done.Field("call_sn") == a.Field("call_sn"));

    Answer after = Ask(*h, "amp", "ORG_002", Account("441802198708081050"));
    CheckValid(cat, "ORG_002", after);
    CHECK(after.data()["unsettlelist"].Size() + 1 == bills.Size());
  }
}
