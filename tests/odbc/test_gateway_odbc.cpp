// The whole way: a real gateway (OneTrans_GatewayStart) with `handler = odbc:` on the 一帐通 and
// AMP routes and its journal in the same database (`[journal] odbc`), called by the platforms'
// own client (tests/support/platform_client), answered by the hospital's procedures and views.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <vector>

#include "core/json.h"
#include "gateway/gateway_harness.h"
#include "odbc/databases.h"
#include "onetrans/onetrans.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

std::string Quoted(const std::string& s) {
  json::Document d;
  d.SetString(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), d.GetAllocator());
  return json::Serialize(d);
}

std::string SqlJson(const std::map<std::string, std::string>& sql) {
  std::string out = "{";
  for (const auto& [api, statement] : sql) out += (out.size() > 1 ? "," : "") + Quoted(api) + ":" + Quoted(statement);
  return out + "}";
}

// The gateway's configuration as JSON: connection strings hold ';' and braces. The journal in
// the same database unless `journal` (a JSON object) says otherwise.
std::string Config(const Database& db, std::string journal = "") {
  if (journal.empty()) journal = R"({"odbc":)" + Quoted(db.connection) + "}";
  std::string handler = Quoted("odbc:" + db.connection);
  return std::string(R"({"qingyuan":{"platformId":")") + kGwPlatformId + R"(","key":")" + kGwKey + R"("},)" +
         R"("journal":)" + journal + R"(,"gateway":{"listen":"127.0.0.1:0","handlerTimeoutMs":8000,)" +
         R"("yzt":{"secret":")" + kGwYztSecret + R"(","handler":)" + handler + R"(,"sql":)" + SqlJson(db.Statements("yzt")) +
         R"(},"amp":{"allowFrom":"127.0.0.1","token":")" + kGwAmpToken + R"(","handler":)" + handler +
         R"(,"sql":)" + SqlJson(db.Statements("amp")) + "}}}";
}

long long Cents(const std::string& yuan) {
  auto dot = yuan.find('.');
  std::string whole = yuan.substr(0, dot), frac = dot == std::string::npos ? "00" : (yuan.substr(dot + 1) + "00").substr(0, 2);
  return std::stoll(whole) * 100 + (whole[0] == '-' ? -1 : 1) * std::stoll(frac);
}

std::string Field(const PlatformAnswer& a, const char* name) {
  json::Document d;
  if (!json::Parse(a.data, &d).ok()) return "";
  return json::Text(d, name);
}

struct Gateway {
  explicit Gateway(const Database& db) {
    std::string cfg = Config(db);
    if (OneTrans_GatewayStart(cfg.c_str(), nullptr, nullptr) != 0) FAIL(OneTrans_LastError());
    base = OneTrans_GatewayAddress();
  }
  ~Gateway() {
    OneTrans_GatewayStop();
    OneTrans_Cleanup();
  }
  std::string base;
};

}  // namespace

TEST_CASE("gateway with handler = odbc: 一帐通 and AMP answered from the hospital's database, money once", "[odbc][gateway]") {
  const Database& db = GENERATE(0, 1) == 0 ? Postgres() : MariaDb();
  INFO(db.name);
  Gateway gw(db);
  std::string stamp = std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000000);

  PlatformAnswer cards = Send(gw.base, "op_query_card_list", R"({"idNo":"441802198708081050","idType":"01","userName":"张三丰"})");
  INFO(cards.raw);
  CHECK(cards.verified);
  CHECK(cards.code == "00");
  CHECK(cards.data.find("\"out_curdata\":[{") != std::string::npos);

  std::string trace = "GWY" + stamp;
  std::string transfer = R"({"idNo":"441802198708081050","idType":"01","userName":"张三丰","operatorId":"OP0012",)"
                         R"("operatorName":"自助机","toCardType":"03","toCardNo":"JZ20190001","accountType":"01",)"
                         R"("channelType":"05","fromCardNo":"SB4418001234567","fromNumber":"1.25","traceNoIn":")" + trace + "\"}";
  long long before = Cents(db.Scalar("SELECT balance FROM balances WHERE card_no = 'JZ20190001'"));
  PlatformAnswer first = Send(gw.base, "op_yjj_account_transfer_in", transfer);
  INFO(first.raw);
  REQUIRE(first.code == "00");
  CHECK(Cents(Field(first, "toCardBalance")) == before + 125);
  PlatformAnswer again = Send(gw.base, "op_yjj_account_transfer_in", transfer);
  CHECK(SameJson(again.data, first.data));  // from the journal in the database: the HIS is not asked again
  CHECK(Cents(db.Scalar("SELECT balance FROM balances WHERE card_no = 'JZ20190001'")) == before + 125);
  CHECK(db.Scalar("SELECT COUNT(*) FROM onetrans_journal WHERE entry_key LIKE ?", {odbc::Param::Text("%" + trace + "%")}) ==
        "1");
  PlatformAnswer result = Send(gw.base, "op_query_transfer_in_result", R"({"traceNoIn":")" + trace + "\"}");
  INFO(result.raw);
  CHECK(result.code == "00");
  CHECK(Field(result, "result") == "succ");

  std::string who = R"("org_code":"H44180200001","mdtrt_cert_type":"02","mdtrt_cert_no":"441802198708081050")";
  PlatformAnswer account = Send(gw.base, "ORG_001", "{" + who + R"(,"cert_no":"441802198708081050","account_type":"01"})");
  INFO(account.raw);
  CHECK(account.code == "00");
  PlatformAnswer bills = Send(gw.base, "ORG_002", "{" + who + R"(,"cert_no":"441802198708081050","account_type":"01"})");
  INFO(bills.raw);
  REQUIRE(bills.code == "00");
  json::Document list;
  REQUIRE(json::Parse(bills.data, &list).ok());
  REQUIRE(list.HasMember("unsettlelist"));
  REQUIRE(list["unsettlelist"].Size() > 0);
  const auto& bill = list["unsettlelist"][list["unsettlelist"].Size() - 1];
  std::string org = json::Text(bill, "org_trace_no"), doc = json::Text(bill, "doc_trace_no"),
              amount = json::Text(bill, "medfee_sumamt");
  std::string settle = "{" + who + R"(,"org_trace_no":")" + org + R"(","doc_trace_no":")" + doc + R"(","amp_trace_id":"AMP)" +
                       doc + stamp + R"(","feesum_amt":")" + amount + R"(","hosp_balc_pay_amt":")" + amount +
                       R"(","pay_chnl_trace_no":"4200002150)" + stamp + R"(","mch_trace_no":"MCH)" + stamp + "\"}";
  PlatformAnswer booked = Send(gw.base, "ORG_003", settle);
  INFO(booked.raw);
  CHECK(booked.code == "00");
  CHECK(Field(booked, "result") == "succ");
  PlatformAnswer repeat = Send(gw.base, "ORG_003", settle);
  CHECK(SameJson(repeat.data, booked.data));
  PlatformAnswer settled = Send(gw.base, "ORG_004", "{" + who + R"(,"org_trace_no":")" + org + "\"}");
  INFO(settled.raw);
  CHECK(Field(settled, "result") == "succ");
  CHECK(Field(settled, "call_sn") == Field(booked, "call_sn"));
}

namespace {

std::string TransferFor(const std::string& trace) {
  return R"({"idNo":"441802198708081050","idType":"01","userName":"张三丰","operatorId":"OP0012",)"
         R"("operatorName":"自助机","toCardType":"03","toCardNo":"JZ20190001","accountType":"01",)"
         R"("channelType":"05","fromCardNo":"SB4418001234567","fromNumber":"0.10","traceNoIn":")" + trace + "\"}";
}

std::string Trace(const char* prefix) {
  return prefix + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000000);
}

// `onetrans gateway --config FILE` as its own process; stopped by SIGTERM.
class GatewayProcess {
 public:
  GatewayProcess(const std::string& config, const std::string& name) : dir_(name) {
    std::string cfg = dir_ + ".json", out = dir_ + ".out";
    std::FILE* f = std::fopen(cfg.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fputs(config.c_str(), f);
    std::fclose(f);
    std::string cmd = std::string(ONETRANS_CLI) + " gateway --config " + cfg + " > " + out + " 2>&1 & echo $! > " + dir_ + ".pid";
    REQUIRE(std::system(cmd.c_str()) == 0);
    for (int i = 0; i < 100 && base_.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream o(out);
      std::string line;
      while (std::getline(o, line))
        if (line.rfind("listening on ", 0) == 0) base_ = line.substr(13);
    }
    std::ifstream p(dir_ + ".pid");
    p >> pid_;
    REQUIRE_FALSE(base_.empty());
  }
  ~GatewayProcess() {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
    for (const char* ext : {".json", ".out", ".pid"}) std::remove((dir_ + ext).c_str());
  }
  const std::string& base() const { return base_; }
  // What the process printed: shown when a check fails, since the files go with the process.
  std::string output() const {
    std::ifstream o(dir_ + ".out");
    return std::string(std::istreambuf_iterator<char>(o), std::istreambuf_iterator<char>());
  }

 private:
  std::string dir_, base_;
  int pid_ = 0;
};

}  // namespace

TEST_CASE("gateway with handler = odbc: the database down is unknown, never failure; back, it answers", "[odbc][gateway]") {
  const Database& db = GENERATE(0, 1) == 0 ? Postgres() : MariaDb();
  INFO(db.name);
  // The journal stays local here: what is down is the HIS's database, not the journal.
  std::string cfg = Config(db, R"({"path":"odbc-down-journal.db"})");
  REQUIRE(OneTrans_GatewayStart(cfg.c_str(), nullptr, nullptr) == 0);
  std::string base = OneTrans_GatewayAddress();
  db.Stop();
  std::string trace = Trace("DOWN");
  PlatformAnswer down = Send(base, "op_yjj_account_transfer_in", TransferFor(trace));
  PlatformAnswer query = Send(base, "op_query_transfer_in_result", R"({"traceNoIn":")" + trace + "\"}");
  db.Start();
  INFO(down.raw);
  CHECK(down.code == "99");  // unknown: the platform queries, it does not reverse
  CHECK(down.verified);
  CHECK(query.code == "99");  // the query that decides money is unknown too, never "fail"
  // Back: a new transfer is booked (broken connections were replaced).
  std::string next = Trace("BACK");
  PlatformAnswer back;
  for (int i = 0; i < 20; ++i) {
    back = Send(base, "op_yjj_account_transfer_in", TransferFor(next + std::to_string(i)));
    if (back.code == "00") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  INFO(back.raw);
  CHECK(back.code == "00");
  // The test's own connection died with the server too: ask again on a fresh one.
  std::string none;
  for (int i = 0; i < 3 && none.empty(); ++i) {
    try {
      none = db.Scalar("SELECT COUNT(*) FROM transfers WHERE trace_no_in = ?", {odbc::Param::Text(trace)});
    } catch (const std::exception&) {
    }
  }
  CHECK(none == "0");
  OneTrans_GatewayStop();
  OneTrans_Cleanup();
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((std::string("odbc-down-journal.db") + suffix).c_str());
}

TEST_CASE("two gateway processes on one PostgreSQL journal: a transfer raced through both is booked once", "[odbc][gateway][money]") {
  const Database& db = Postgres();
  GatewayProcess a(Config(db), "odbc-gw-a"), b(Config(db), "odbc-gw-b");
  std::string trace = Trace("RACE");
  std::string request = TransferFor(trace);
  long long before = Cents(db.Scalar("SELECT balance FROM balances WHERE card_no = 'JZ20190001'"));
  std::vector<PlatformAnswer> answers(8);
  std::vector<std::thread> callers;
  for (int i = 0; i < 8; ++i)
    callers.emplace_back([&, i] { answers[i] = Send(i % 2 == 0 ? a.base() : b.base(), "op_yjj_account_transfer_in", request); });
  for (auto& t : callers) t.join();
  int booked = 0;
  INFO("gateway a printed: " << a.output());
  INFO("gateway b printed: " << b.output());
  for (const auto& ans : answers) {
    INFO(ans.raw);
    CHECK(ans.verified);
    CHECK((ans.code == "00" || ans.code == "99"));  // done, or "still running: query" — never failure
    booked += ans.code == "00";
  }
  CHECK(booked >= 1);
  CHECK(db.Scalar("SELECT COUNT(*) FROM transfers WHERE trace_no_in = ?", {odbc::Param::Text(trace)}) == "1");
  CHECK(Cents(db.Scalar("SELECT balance FROM balances WHERE card_no = 'JZ20190001'")) == before + 10);
  // Afterwards either gateway answers the repeat from the shared journal, alike.
  PlatformAnswer fromA = Send(a.base(), "op_yjj_account_transfer_in", request);
  PlatformAnswer fromB = Send(b.base(), "op_yjj_account_transfer_in", request);
  CHECK(fromA.code == "00");
  CHECK(SameJson(fromA.data, fromB.data));
}
