// The reply an ODBC handler builds from result rows, shaped and typed by the catalog, without a
// database: every rule of handler/odbc_reply.h on rows made by hand.
#include <catch2/catch.hpp>

#include "catalog/catalog.h"
#include "handler/odbc_reply.h"

using namespace onetrans;
using odbc::Cell;
using odbc::ColumnKind;

namespace {

odbc::Rows Rows(std::vector<odbc::Column> columns, std::vector<std::vector<Cell>> rows) {
  odbc::Rows r;
  r.columns = std::move(columns);
  r.rows = std::move(rows);
  return r;
}

Cell V(const char* text) { return Cell{false, text}; }
const Cell kNull{};

json::Document Reply(const catalog::Catalog& cat, const char* api, const odbc::Rows& main, const odbc::Rows* head = nullptr) {
  auto r = handler::ReplyFromRows(*cat.Find(api), main, head);
  INFO(r.status.message);
  REQUIRE(r.ok());
  json::Document d;
  REQUIRE(json::Parse(r.value, &d).ok());
  return d;
}

}  // namespace

TEST_CASE("columns fill fields by name, any case or alias, typed by the catalog", "[handler][odbc]") {
  // op_yjj_account_transfer_in: PostgreSQL's folded names, a DECIMAL for a string field.
  auto d = Reply(catalog::Yzt(), "op_yjj_account_transfer_in",
                 Rows({{"retcode", ColumnKind::kText}, {"RETMSG", ColumnKind::kText}, {"tocardbalance", ColumnKind::kDecimal},
                       {"callsn", ColumnKind::kText}, {"extra", ColumnKind::kText}, {"unknown_column", ColumnKind::kText}},
                      {{V("00"), V("转入成功"), V("520.00"), V("ZR0001"), kNull, V("ignored")}}));
  const auto& data = d["data"];
  CHECK(json::Text(data, "retCode") == "00");
  CHECK(json::Text(data, "retMsg") == "转入成功");
  REQUIRE(data["toCardBalance"].IsString());
  CHECK(std::string(data["toCardBalance"].GetString()) == "520.00");
  CHECK_FALSE(data.HasMember("extra"));  // NULL: absent
  CHECK_FALSE(data.HasMember("unknown_column"));
  CHECK_FALSE(data.HasMember("RETMSG"));

  // An alias: op_query_card_list's out_retMsg answered as retMsg.
  odbc::Rows head = Rows({{"RETCODE", ColumnKind::kText}, {"retmsg", ColumnKind::kText}}, {{V("01"), V("无卡")}});
  auto list = Reply(catalog::Yzt(), "op_query_card_list", Rows({{"cardNo", ColumnKind::kText}}, {{V("JZ1")}}), &head);
  CHECK(json::Text(list["data"], "out_retMsg") == "无卡");
  CHECK(json::Text(list["data"], "retCode") == "01");
}

TEST_CASE("int fields are JSON integers, decimals never pass through a double", "[handler][odbc]") {
  odbc::Rows head = Rows({{"current", ColumnKind::kInteger}, {"pages", ColumnKind::kDecimal}, {"medfee_sumamt", ColumnKind::kDecimal}},
                         {{V("1"), V("3.00"), V("12345678901234567.89")}});
  auto d = Reply(catalog::Amp(), "ORG_008",
                 Rows({{"setl_id", ColumnKind::kText}, {"medfee_sumamt", ColumnKind::kDecimal}},
                      {{V("S1"), V("0.10")}, {V("S2"), V(".5")}}),
                 &head);
  const auto& data = d["data"];
  REQUIRE(data["current"].IsInt());
  CHECK(data["current"].GetInt() == 1);
  REQUIRE(data["pages"].IsInt());  // a DECIMAL holding a whole number
  CHECK(data["pages"].GetInt() == 3);
  CHECK(std::string(data["medfee_sumamt"].GetString()) == "12345678901234567.89");  // beyond a double's digits
  CHECK(std::string(data["billdetail"][0]["medfee_sumamt"].GetString()) == "0.10");
  CHECK(std::string(data["billdetail"][1]["medfee_sumamt"].GetString()) == "0.5");  // a driver's ".5"

  odbc::Rows halfPage = Rows({{"pages", ColumnKind::kDecimal}}, {{V("2.50")}});
  auto bad = handler::ReplyFromRows(*catalog::Amp().Find("ORG_008"), Rows({}, {}), &halfPage);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status.message.find("data.pages") != std::string::npos);
  CHECK(bad.status.message.find("不是整数") != std::string::npos);
}

TEST_CASE("list APIs: one item per row; without a head, success; nested lists from JSON text", "[handler][odbc]") {
  auto d = Reply(catalog::Amp(), "ORG_002",
                 Rows({{"DOC_TRACE_NO", ColumnKind::kText}, {"rxlist", ColumnKind::kText}, {"diaglist", ColumnKind::kText}},
                      {{V("DJ1"), V(R"([{"FEEDETL_SN":"MX1","pric":25.5000,"cnt":2,"extra_key":"x"}])"), kNull},
                       {V("DJ2"), V("[]"), kNull}}));
  const auto& data = d["data"];
  CHECK(json::Text(data, "ret_code") == "00");
  CHECK(json::Text(data, "ret_msg") == "成功");
  REQUIRE(data["unsettlelist"].Size() == 2);
  const auto& rx = data["unsettlelist"][0]["rxlist"][0];
  CHECK(std::string(rx["pric"].GetString()) == "25.5000");
  CHECK(std::string(rx["cnt"].GetString()) == "2");
  CHECK(json::Text(rx, "feedetl_sn") == "MX1");
  CHECK_FALSE(rx.HasMember("extra_key"));
  CHECK(data["unsettlelist"][1]["rxlist"].Size() == 0);

  auto broken = handler::ReplyFromRows(*catalog::Amp().Find("ORG_002"),
                                       Rows({{"rxlist", ColumnKind::kText}}, {{V(R"([{"feedetl_sn":"MX1"})")}}), nullptr);
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status.message.find("data.unsettlelist[0].rxlist") != std::string::npos);
}

TEST_CASE("a one-row API gets exactly one row; a head statement too", "[handler][odbc]") {
  const auto& itf = *catalog::Yzt().Find("op_certification_level");
  auto none = handler::ReplyFromRows(itf, Rows({{"retCode", ColumnKind::kText}}, {}), nullptr);
  REQUIRE_FALSE(none.ok());
  CHECK(none.status.message.find("没有返回结果行") != std::string::npos);
  auto two = handler::ReplyFromRows(itf, Rows({{"retCode", ColumnKind::kText}}, {{V("00")}, {V("01")}}), nullptr);
  REQUIRE_FALSE(two.ok());
  CHECK(two.status.message.find("2 行") != std::string::npos);
  odbc::Rows noHead = Rows({{"retCode", ColumnKind::kText}}, {});
  auto emptyHead = handler::ReplyFromRows(*catalog::Yzt().Find("op_query_card_list"), Rows({}, {}), &noHead);
  REQUIRE_FALSE(emptyHead.ok());
  CHECK(emptyHead.status.message.find(".head") != std::string::npos);
}
