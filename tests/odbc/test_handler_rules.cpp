// What the ODBC handler promises whatever the hospital's statements do: money committed only
// with its answer, deadlines kept, a bounded pool, values bound and never spliced, reconnection
// after the server restarts, and no password in any message.
#include <catch2/catch.hpp>

#include <thread>

#include "handler/odbc_handler.h"
#include "odbc/handler_calls.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

bool IsPostgres(const Database& db) { return db.server == "pg"; }

// ORG_003 (money-moving) and ORG_004 (not) both answered by the probe: it books its key, sleeps,
// then answers with the druginfo text it was given.
std::map<std::string, std::string> Probe(const Database& db) {
  std::string call = IsPostgres(db) ? "SELECT * FROM probe_book(:key, :druginfo_text, :sleep)"
                                    : "CALL probe_book(:key, :druginfo_text, :sleep)";
  return {{"ORG_003", call}, {"ORG_004", call}};
}

std::string ProbeData(const std::string& key, const std::string& druginfo, const std::string& sleep = "0") {
  json::Document d(rapidjson::kObjectType);
  json::Set(d, "key", json::Str(key, d.GetAllocator()), d.GetAllocator());
  json::Set(d, "druginfo_text", json::Str(druginfo, d.GetAllocator()), d.GetAllocator());
  json::Set(d, "sleep", json::Str(sleep, d.GetAllocator()), d.GetAllocator());
  return json::Serialize(d);
}

std::string Booked(const Database& db, const std::string& key) {
  return db.Scalar("SELECT COUNT(*) FROM probe_bookings WHERE probe_key = ?", {odbc::Param::Text(key)});
}

std::string Key(const char* what) {
  return what + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000000);
}

// op_certification_level answered by `select` (retCode, retMsg): statements of the test's own.
std::unique_ptr<handler::Handler> Yzt(const Database& db, const std::string& select, std::size_t pool = 4) {
  return OdbcHandler(db, "yzt", {{"op_certification_level", select}}, pool);
}

std::string Sleep(const Database& db, const char* seconds) {
  return IsPostgres(db) ? std::string("SELECT pg_sleep(") + seconds + ") AS s, '00' AS retCode, 'slept' AS retMsg"
                        : std::string("SELECT SLEEP(") + seconds + ") AS s, '00' AS retCode, 'slept' AS retMsg";
}

}  // namespace

TEST_CASE("money-moving statements are committed only once their answer is read", "[odbc][money]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto h = OdbcHandler(db, "amp", Probe(db));

  std::string good = Key("GOOD");
  Answer a = Ask(*h, "amp", "ORG_003", ProbeData(good, R"([{"drug_no":"QY0001","wait_num":3}])"));
  INFO(a.failure.why);
  REQUIRE(a.ok);
  CHECK(json::Text(a.data()["druginfo"][0], "wait_num") == "3");
  CHECK(Booked(db, good) == "1");

  // The answer cannot be read (druginfo is no JSON): the booking is rolled back with it.
  std::string bad = Key("BAD");
  Answer refused = Ask(*h, "amp", "ORG_003", ProbeData(bad, "取药窗口：3号"));
  CHECK_FALSE(refused.ok);
  CHECK_FALSE(refused.failure.timedOut);
  CHECK(refused.failure.why.find("druginfo") != std::string::npos);
  CHECK(Booked(db, bad) == "0");

  // The same for a query API keeps what its statement did: transactions are for money only.
  std::string query = Key("QUERY");
  Answer queryRefused = Ask(*h, "amp", "ORG_004", ProbeData(query, "not json"));
  CHECK_FALSE(queryRefused.ok);
  CHECK(Booked(db, query) == "1");
}

TEST_CASE("a transaction the database rolled back for a deadlock is run again, and booked once", "[odbc][money]") {
  // PostgreSQL: probe_conflict refuses a given number of times with SQLSTATE 40P01, as a lost
  // deadlock does (MariaDB's real ones are met by the concurrent transfers in test_yzt.cpp).
  const Database& db = Postgres();
  auto h = OdbcHandler(db, "amp",
                       {{"ORG_003", "SELECT * FROM probe_book(:key, :druginfo_text, :sleep) WHERE probe_conflict(:seq, :times)"}});
  auto call = [&](const std::string& key, const char* times) {
    std::string seq = "probe_seq_" + key;
    db.Query("CREATE SEQUENCE " + seq);
    std::string data = ProbeData(key, R"([{"drug_no":"QY0001","wait_num":1}])");
    data.pop_back();
    return std::make_pair(Ask(*h, "amp", "ORG_003", data + R"(,"seq":")" + seq + R"(","times":")" + times + "\"}"), seq);
  };

  std::string first = Key("CONFLICT2"), second = Key("CONFLICT9");
  auto [won, wonSeq] = call(first, "2");  // lost twice, then through
  INFO(won.failure.why);
  CHECK(won.ok);
  CHECK(Booked(db, first) == "1");
  CHECK(db.Scalar("SELECT last_value FROM " + wonSeq) == "3");

  auto [lost, lostSeq] = call(second, "9");  // lost every time: a failure, nothing booked
  CHECK_FALSE(lost.ok);
  CHECK(Booked(db, second) == "0");
  CHECK_FALSE(lost.failure.timedOut);
  CHECK(lost.failure.why.find("40P01") != std::string::npos);
  CHECK(db.Scalar("SELECT last_value FROM " + lostSeq) == "4");  // a bounded number of tries
}

TEST_CASE("a statement slower than the deadline is a timed-out Failure, and books nothing", "[odbc][timeout]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto h = OdbcHandler(db, "amp", Probe(db));
  std::string key = Key("SLOW");
  Answer slow = Ask(*h, "amp", "ORG_003", ProbeData(key, "[]", "3"), 1000);
  CHECK_FALSE(slow.ok);
  CHECK(slow.failure.timedOut);
  CHECK(slow.elapsedMs < 2500);
  CHECK(Booked(db, key) == "0");

  auto y = Yzt(db, Sleep(db, "3"));
  Answer query = Ask(*y, "yzt", "op_certification_level", R"({"cardNo":"JZ20190001"})", 1200);
  CHECK_FALSE(query.ok);
  CHECK(query.failure.timedOut);
  CHECK(query.elapsedMs < 2700);

  // The pool is not poisoned by the cancelled statements.
  std::string next = Key("NEXT");
  Answer fine = Ask(*h, "amp", "ORG_003", ProbeData(next, "[]"), 5000);
  INFO(fine.failure.why);
  CHECK(fine.ok);
  CHECK(Booked(db, next) == "1");
}

TEST_CASE("a caller finding every pooled connection busy fails timedOut by its deadline", "[odbc][pool]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto h = Yzt(db, Sleep(db, "1.5"), 1);
  Answer first;
  std::thread busy([&] { first = Ask(*h, "yzt", "op_certification_level", R"({"cardNo":"x"})", 5000); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Answer second = Ask(*h, "yzt", "op_certification_level", R"({"cardNo":"y"})", 400);
  busy.join();
  CHECK_FALSE(second.ok);
  CHECK(second.failure.timedOut);
  CHECK(second.failure.why.find("handlerPool") != std::string::npos);
  CHECK(second.elapsedMs < 1000);
  INFO(first.failure.why);
  CHECK(first.ok);
}

TEST_CASE("values are bound, never spliced into the statement", "[odbc][injection]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto h = Yzt(db, IsPostgres(db) ? "SELECT '00' AS retCode, :cardNo::text AS retMsg -- :ignored in a comment"
                                  : "SELECT '00' AS retCode, :cardNo AS retMsg /* :ignored */");
  std::string patients = db.Scalar("SELECT COUNT(*) FROM patients");
  for (const char* hostile : {"'; DROP TABLE patients; --", "张三'); DELETE FROM balances; --", "\\'; DROP TABLE cards; #",
                              "$$; DROP TABLE bills; $$", "x' UNION SELECT id_no FROM patients --"}) {
    json::Document d(rapidjson::kObjectType);
    json::Set(d, "cardNo", json::Str(hostile, d.GetAllocator()), d.GetAllocator());
    Answer a = Ask(*h, "yzt", "op_certification_level", json::Serialize(d));
    INFO(hostile << " " << a.failure.why);
    REQUIRE(a.ok);
    CHECK(a.Field("retMsg") == hostile);
  }
  CHECK(db.Scalar("SELECT COUNT(*) FROM patients") == patients);
  CHECK(db.Scalar("SELECT COUNT(*) FROM balances") != "0");

  // Numbers as received (12.50 stays 12.50), objects as compact JSON, null as SQL NULL.
  CHECK(Ask(*h, "yzt", "op_certification_level", R"({"cardNo":12.50})").Field("retMsg") == "12.50");
  CHECK(Ask(*h, "yzt", "op_certification_level", R"({"cardNo":[1.0,{"a":"乙"}]})").Field("retMsg") == R"([1.0,{"a":"乙"}])");
  Answer null = Ask(*h, "yzt", "op_certification_level", R"({"cardNo":null})");
  REQUIRE(null.ok);
  CHECK_FALSE(null.data().HasMember("retMsg"));
  CHECK(Ask(*h, "yzt", "op_certification_level", R"({"CARDNO":"any case"})").Field("retMsg") == "any case");
}

TEST_CASE("the database goes down and comes back: Failures, then answers again", "[odbc][reconnect]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto h = OdbcHandler(db, "yzt", {}, 2);
  const char* fees = R"({"regNo":"MZ202503100008"})";
  Answer up = Ask(*h, "yzt", "op_query_fee_list", fees);
  REQUIRE(up.ok);
  db.Stop();
  Answer down = Ask(*h, "yzt", "op_query_fee_list", fees, 3000);
  Answer stillDown = Ask(*h, "yzt", "op_query_fee_list", fees, 3000);
  db.Start();
  CHECK_FALSE(down.ok);
  CHECK_FALSE(stillDown.ok);
  CHECK(stillDown.failure.why.find(Password()) == std::string::npos);
  Answer back = Ask(*h, "yzt", "op_query_fee_list", fees);
  INFO(back.failure.why);
  REQUIRE(back.ok);
  CHECK(back.body == up.body);
}

TEST_CASE("failures name what failed and never show the password", "[odbc][errors]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  SECTION("a server that is not there") {
    std::string wrong = WithPort(db.connection, "1");
    auto h = handler::MakeOdbcHandler("yzt", wrong, db.Statements("yzt"), 2);
    REQUIRE(h.ok());
    CHECK(h.value->Describe().find(Password()) == std::string::npos);
    CHECK(h.value->Describe().find("PWD=***") != std::string::npos);
    Answer a = Ask(*h.value, "yzt", "op_query_fee_list", R"({"regNo":"MZ202503100008"})", 3000);
    CHECK_FALSE(a.ok);
    CHECK(a.failure.why.find("op_query_fee_list") != std::string::npos);
    CHECK(a.failure.why.find(Password()) == std::string::npos);
    CHECK(a.failure.why.find("PWD=***") != std::string::npos);
  }
  SECTION("a wrong password") {
    std::string wrong = db.connection;
    wrong.replace(wrong.find(Password()), Password().size(), "not-" + Password());
    auto bad = handler::MakeOdbcHandler("yzt", wrong, {{"op_certification_level", "SELECT 1"}}, 1);
    REQUIRE(bad.ok());
    Answer a = Ask(*bad.value, "yzt", "op_certification_level", R"({"cardNo":"x"})", 3000);
    CHECK_FALSE(a.ok);
    CHECK(a.failure.why.find(Password()) == std::string::npos);
  }
  SECTION("a statement the database refuses; an API with no statement") {
    auto h = Yzt(db, "SELECT retCode FROM no_such_table WHERE card = :cardNo");
    Answer a = Ask(*h, "yzt", "op_certification_level", R"({"cardNo":"x"})");
    CHECK_FALSE(a.ok);
    CHECK_FALSE(a.failure.timedOut);
    CHECK(a.failure.why.find("no_such_table") != std::string::npos);
    Answer none = Ask(*h, "yzt", "op_query_fee_list", R"({"regNo":"x"})");
    CHECK_FALSE(none.ok);
    CHECK(none.failure.why.find("[gateway.yzt.sql] op_query_fee_list") != std::string::npos);
  }
  SECTION("a one-row API whose statement finds nothing, or too much") {
    Answer none = Ask(*OdbcHandler(db, "yzt"), "yzt", "op_query_fee_list", R"({"regNo":"NO-SUCH-VISIT"})");
    CHECK_FALSE(none.ok);
    CHECK(none.failure.why.find("没有返回结果行") != std::string::npos);
    auto two = Yzt(db, "SELECT '00' AS retCode, card_no AS retMsg FROM cards");
    CHECK_FALSE(Ask(*two, "yzt", "op_certification_level", R"({"cardNo":"x"})").ok);
  }
}

TEST_CASE("statements are checked when the handler is made", "[odbc][config]") {
  const std::string cs = "Driver=x;Server=127.0.0.1;UID=his;PWD=secret-pw";
  auto refused = [&](const std::string& route, std::map<std::string, std::string> sql) {
    auto h = handler::MakeOdbcHandler(route, cs, sql, 1);
    INFO(h.status.message);
    CHECK_FALSE(h.ok());
    CHECK(h.status.message.find("secret-pw") == std::string::npos);
    return h.status.message;
  };
  CHECK(refused("his", {}).find("his") != std::string::npos);
  CHECK(refused("yzt", {{"ORG_001", "SELECT 1"}}).find("ORG_001") != std::string::npos);
  CHECK(refused("qingyuan", {{"HOS00003", "SELECT 1"}}).find("HOS00003") != std::string::npos);  // outbound
  CHECK(refused("yzt", {{"op_certification_level.head", "SELECT 1"}}).find("列表") != std::string::npos);
  CHECK(refused("yzt", {{"op_certification_level", "SELECT 'unterminated"}}).find("未结束") != std::string::npos);
  CHECK(refused("yzt", {{"op_certification_level", "SELECT * FROM f(?)"}}).find(":名称") != std::string::npos);
  CHECK(handler::MakeOdbcHandler("yzt", cs, {{"op_query_card_list.head", "SELECT 1"}}, 1).ok());
}
