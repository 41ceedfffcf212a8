// 一帐通 (seed 000) answered by the hospital's own database through the ODBC handler, on
// PostgreSQL (functions, views) and MariaDB (stored procedures, views): every function, and the
// transfer booked once per traceNoIn however often and however concurrently it is asked.
#include <catch2/catch.hpp>

#include <set>
#include <thread>
#include <vector>

#include "odbc/handler_calls.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

constexpr const char* kZhang = R"("idNo":"441802198708081050","idType":"01","userName":"张三丰")";

std::string Balance(const Database& db, const std::string& card) {
  return db.Scalar("SELECT balance FROM balances WHERE card_no = ?", {odbc::Param::Text(card)});
}

std::string UniqueTrace(const char* prefix) {
  static int n = 0;
  return prefix + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000000) + std::to_string(++n);
}

}  // namespace

TEST_CASE("一帐通 queries are answered from the hospital's views and functions", "[odbc][yzt]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto h = OdbcHandler(db, "yzt");
  const auto& cat = catalog::Yzt();

  SECTION("op_query_card_list: one item per card of the person, balances as the database keeps them") {
    Answer a = Ask(*h, "yzt", "op_query_card_list", std::string("{") + kZhang + "}");
    CheckValid(cat, "op_query_card_list", a);
    CHECK(a.Field("retCode") == "00");  // no .head statement: success by default
    CHECK(a.Field("out_retMsg") == "成功");
    const auto& cards = a.data()["out_curdata"];
    REQUIRE(std::to_string(cards.Size()) == db.Scalar("SELECT COUNT(*) FROM cards WHERE patient_id = 'P0001'"));
    for (const auto& card : cards.GetArray()) {
      std::string no = json::Text(card, "cardNo");
      CHECK(json::Text(card, "balance") == Balance(db, no));  // DECIMAL(12,2): "45.80", never 45.8
      CHECK(json::Text(card, "userName") == "张三丰");
      CHECK(json::Text(card, "hisCustId") == "P0001");
    }
  }

  SECTION("op_query_card_list: a quote in the data is data, not SQL") {
    Answer a = Ask(*h, "yzt", "op_query_card_list", R"({"idNo":"' OR '1'='1","idType":"01","userName":"' OR '1'='1"})");
    INFO(a.failure.why);
    REQUIRE(a.ok);
    CHECK(a.data()["out_curdata"].Size() == 0);  // (an empty list the gateway will refuse: out_curdata is required)
  }

  SECTION("op_query_card_trail: a page of the person's card uses, newest first") {
    std::string all = db.Scalar(
        "SELECT COUNT(*) FROM card_trail t JOIN cards c ON c.card_no = t.card_no WHERE c.patient_id = 'P0001'"
        " AND t.record_time >= '2025-03-01' AND t.record_time < '2025-04-01'");
    REQUIRE(std::stoi(all) > 2);
    Answer a = Ask(*h, "yzt", "op_query_card_trail",
                   R"({"idCardNo":"441802198708081050","idType":"01","startTime":"20250301","endTime":"20250331","startRow":"1","endRow":"2"})");
    CheckValid(cat, "op_query_card_trail", a);
    const auto& rows = a.data()["out_curdata"];
    REQUIRE(rows.Size() == 2);
    CHECK(json::Text(rows[0], "recordTime") > json::Text(rows[1], "recordTime"));
    Answer rest = Ask(*h, "yzt", "op_query_card_trail",
                      R"({"idCardNo":"441802198708081050","startTime":"20250301","endTime":"20250331","startRow":"3","endRow":"10"})");
    CheckValid(cat, "op_query_card_trail", rest);
    CHECK(rest.data()["out_curdata"].Size() + 2 == std::stoul(all));
    CHECK(json::Text(rest.data()["out_curdata"][0], "recordTime") < json::Text(rows[1], "recordTime"));
  }

  SECTION("op_certification_level: the card becomes strong real-name; an unknown card is refused") {
    Answer a = Ask(*h, "yzt", "op_certification_level", R"({"cardNo":"LS20240318"})");
    CheckValid(cat, "op_certification_level", a);
    CHECK(a.Field("retCode") == "00");
    CHECK(db.Scalar("SELECT auth_level FROM cards WHERE card_no = 'LS20240318'") == "1");
    Answer unknown = Ask(*h, "yzt", "op_certification_level", R"({"cardNo":"NO-SUCH-CARD"})");
    CheckValid(cat, "op_certification_level", unknown);
    CHECK(unknown.Field("retCode") == "01");
  }

  SECTION("op_query_fee_list: totals exactly as the database writes its decimals") {
    Answer a = Ask(*h, "yzt", "op_query_fee_list", R"({"regNo":"MZ202503020015"})");
    CheckValid(cat, "op_query_fee_list", a);
    CHECK(a.Field("totalPrice") == db.Scalar("SELECT total_price FROM fee_lists WHERE reg_no = 'MZ202503020015'"));
    CHECK(a.Field("insurancePlanAmount") == db.Scalar("SELECT insurance_plan_amount FROM fee_lists WHERE reg_no = 'MZ202503020015'"));
    CHECK(Cents(a.Field("insuranceAmount")) + Cents(a.Field("selfAmount")) == Cents(a.Field("totalPrice")));
    CHECK(a.Field("transTime") == "2025-03-02 09:27:55");
  }
}

TEST_CASE("a transfer is booked once per traceNoIn, and its result can be queried", "[odbc][yzt][money]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto h = OdbcHandler(db, "yzt");
  const auto& cat = catalog::Yzt();
  std::string trace = UniqueTrace("YZT");
  long long to = Cents(Balance(db, "JZ20190001")), sb = Cents(Balance(db, "SB4418001234567")), ls = Cents(Balance(db, "LS20240318"));
  std::string request = std::string("{") + kZhang +
                        R"(,"operatorId":"OP0012","operatorName":"自助机","toCardType":"03","toCardNo":"JZ20190001",)"
                        R"("accountType":"01","channelType":"05","fromCardNo":"SB4418001234567,LS20240318",)"
                        R"("fromNumber":"20.50,5.30","traceNoIn":")" + trace + "\"}";

  Answer first = Ask(*h, "yzt", "op_yjj_account_transfer_in", request);
  CheckValid(cat, "op_yjj_account_transfer_in", first);
  CHECK(first.Field("retCode") == "00");
  CHECK(first.Field("traceNoIn") == trace);
  CHECK(Cents(first.Field("toCardBalance")) == to + 2050 + 530);
  CHECK(Cents(Balance(db, "SB4418001234567")) == sb - 2050);
  CHECK(Cents(Balance(db, "LS20240318")) == ls - 530);
  json::Document from;
  REQUIRE(json::Parse(first.Field("fromCardList"), &from).ok());
  REQUIRE(from.Size() == 2);
  CHECK(Cents(json::Text(from[0], "balance")) == sb - 2050);

  Answer again = Ask(*h, "yzt", "op_yjj_account_transfer_in", request);
  CheckValid(cat, "op_yjj_account_transfer_in", again);
  CHECK(again.Field("callSn") == first.Field("callSn"));
  CHECK(again.Field("toCardBalance") == first.Field("toCardBalance"));
  CHECK(Cents(Balance(db, "JZ20190001")) == to + 2580);  // not twice
  CHECK(db.Scalar("SELECT COUNT(*) FROM transfers WHERE trace_no_in = ?", {odbc::Param::Text(trace)}) == "1");

  Answer result = Ask(*h, "yzt", "op_query_transfer_in_result", R"({"traceNoIn":")" + trace + "\"}");
  CheckValid(cat, "op_query_transfer_in_result", result);
  CHECK(result.Field("result") == "succ");
  CHECK(result.Field("callSn") == first.Field("callSn"));
  CHECK(result.Field("toCardBalance") == first.Field("toCardBalance"));

  Answer none = Ask(*h, "yzt", "op_query_transfer_in_result", R"({"traceNoIn":")" + UniqueTrace("NONE") + "\"}");
  CheckValid(cat, "op_query_transfer_in_result", none);
  CHECK(none.Field("result") == "notfound");  // never "fail" for a transfer that does not exist
}

TEST_CASE("concurrent repeats of one transfer book it once", "[odbc][yzt][money]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto h = OdbcHandler(db, "yzt", {}, 4);
  std::string trace = UniqueTrace("PAR");
  long long before = Cents(Balance(db, "JK20200002"));
  std::string request = R"({"idNo":"440103199003151226","idType":"01","userName":"李秀英","operatorId":"OP0001",)"
                        R"("operatorName":"微信公众号","toCardNo":"JK20200002","accountType":"01","channelType":"05",)"
                        R"("fromCardNo":"JZ20190002","fromNumber":"12.34","traceNoIn":")" + trace + "\"}";
  constexpr int kCallers = 8;
  std::vector<Answer> answers(kCallers);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i)
    callers.emplace_back([&, i] { answers[i] = Ask(*h, "yzt", "op_yjj_account_transfer_in", request, 20000); });
  for (auto& t : callers) t.join();
  std::set<std::string> callSns;
  for (const auto& a : answers) {
    INFO(a.failure.why);
    REQUIRE(a.ok);
    CHECK(a.Field("retCode") == "00");
    callSns.insert(a.Field("callSn"));
  }
  CHECK(callSns.size() == 1);
  CHECK(Cents(Balance(db, "JK20200002")) == before + 1234);
  CHECK(db.Scalar("SELECT COUNT(*) FROM transfers WHERE trace_no_in = ?", {odbc::Param::Text(trace)}) == "1");
}

TEST_CASE("a transfer failing halfway leaves every balance as it was", "[odbc][yzt][money]") {
  // The second card cannot give 99999.00: balances' CHECK stops the procedure after the first
  // card was debited. A MariaDB procedure is not atomic: only the handler's transaction undoes it.
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto h = OdbcHandler(db, "yzt");
  std::string trace = UniqueTrace("HALF");
  std::string to = Balance(db, "JZ20190001"), sb = Balance(db, "SB4418001234567"), ls = Balance(db, "LS20240318");
  Answer a = Ask(*h, "yzt", "op_yjj_account_transfer_in",
                 std::string("{") + kZhang +
                     R"(,"operatorId":"OP0012","operatorName":"自助机","toCardNo":"JZ20190001","accountType":"01",)"
                     R"("channelType":"05","fromCardNo":"SB4418001234567,LS20240318","fromNumber":"1.00,99999.00",)"
                     R"("traceNoIn":")" + trace + "\"}");
  CHECK_FALSE(a.ok);
  CHECK_FALSE(a.failure.timedOut);
  CHECK(a.failure.why.find("op_yjj_account_transfer_in") != std::string::npos);
  CHECK(Balance(db, "SB4418001234567") == sb);
  CHECK(Balance(db, "LS20240318") == ls);
  CHECK(Balance(db, "JZ20190001") == to);
  Answer result = Ask(*h, "yzt", "op_query_transfer_in_result", R"({"traceNoIn":")" + trace + "\"}");
  CHECK(result.Field("result") == "notfound");
}
