// his-check must pass a correct hospital endpoint and must not pass a broken one: against the
// real OneTrans gateway (with the test HIS) every check passes; against gateways that each get
// one thing wrong (tests/check/mini_gateway.h) exactly that thing FAILs, with its reason, and
// nothing else does. All traffic on 127.0.0.1.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "catalog/catalog.h"
#include "check/his_check.h"
#include "check/mini_gateway.h"
#include "core/config.h"
#include "core/json.h"
#include "crypto/crypto.h"
#include "gateway/fixtures.h"
#include "gateway/gateway_harness.h"

using namespace onetrans;
using namespace onetrans::test;
using check::Check;
using check::Verdict;

namespace {

// The gateway tests' keys (one configuration drives the gateway and his-check).
Config CheckConfig() {
  auto cfg = LoadConfig(test::GatewayConfig("his-check-unused.db").c_str());
  REQUIRE(cfg.ok());
  return cfg.value;
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Nothing his-check prints or writes carries a key, secret or token.
void NoSecrets(const check::Report& r) {
  std::string all = check::Table(r) + check::ReportJson(r);
  for (const char* secret : {kGwKey, kGwYztSecret, kGwAmpToken, kGwMpayToken}) {
    INFO(secret);
    CHECK(!Contains(all, secret));
  }
}

check::Report RunAgainst(const std::string& base, check::Options opts = {}) {
  opts.target = base;
  auto r = check::Run(CheckConfig(), opts);
  INFO(r.status.message);
  REQUIRE(r.ok());
  NoSecrets(r.value);
  return r.value;
}

std::vector<check::Finding> With(const check::Report& r, Verdict v) {
  std::vector<check::Finding> out;
  for (const auto& f : r.findings)
    if (f.verdict == v) out.push_back(f);
  return out;
}

std::set<std::string> ApisOf(const std::vector<check::Finding>& findings) {
  std::set<std::string> apis;
  for (const auto& f : findings) apis.insert(f.api);
  return apis;
}

const check::Finding* Find(const check::Report& r, const std::string& api, Check check, int caseNo = 0) {
  for (const auto& f : r.findings)
    if (f.api == api && f.check == check && f.caseNo == caseNo) return &f;
  return nullptr;
}

// Every inbound API (the fixtures have one of each) and its route.
std::map<std::string, std::string> RoutesByApi() {
  std::map<std::string, std::string> routes;
  for (const auto& [api, fixture] : InboundFixtures()) routes[api] = fixture.platform;
  return routes;
}

// Every check that concerns an API: what a full run must have made.
std::set<Check> ChecksOf(const check::Report& r, const std::string& api) {
  std::set<Check> checks;
  for (const auto& f : r.findings)
    if (f.api == api) checks.insert(f.check);
  return checks;
}

const std::set<std::string> kMoney = {"ORG_003", "ORG_005", "ORG_007", "op_yjj_account_transfer_in", "MPAY_002"};

// Which checks a full run makes for an API of that route.
std::set<Check> Expected(const std::string& api, const std::string& route) {
  std::set<Check> checks = {Check::ValidRequest};
  if (api != "op_query_card_trail") checks.insert(Check::MissingField);  // it has no required field
  if (route == "qingyuan" || route == "yzt") checks.insert(Check::BadSignature);
  if (route == "qingyuan") checks.insert({Check::BadEncData, Check::ReusedSeq, Check::ClockSkew});
  if (route == "amp" || route == "mpay") checks.insert(Check::WrongToken);
  if (kMoney.count(api)) checks.insert({Check::RepeatSame, Check::RepeatChanged});
  return checks;
}

// A run in which nothing is wrong: every selected check made, every one PASS.
void AllPass(const check::Report& r) {
  INFO(check::Table(r));
  CHECK(r.apis == 20);
  CHECK(RoutesByApi().size() == 20);
  CHECK(r.Count(Verdict::Fail) == 0);
  CHECK(r.Count(Verdict::Warn) == 0);
  CHECK(r.passed());
  for (const auto& [api, route] : RoutesByApi()) {
    INFO(api);
    CHECK(ChecksOf(r, api) == Expected(api, route));
  }
}

// The FAILs of a run against a flawed endpoint: exactly `check` on exactly `apis`, each with the
// reason given, and nothing else FAILs or WARNs.
void OnlyFails(const check::Report& r, Check check, const std::set<std::string>& apis, const std::string& reasonEn,
               const std::string& reasonZh = "", bool warnsToo = false) {
  INFO(check::Table(r));
  auto fails = With(r, Verdict::Fail);
  CHECK(ApisOf(fails) == apis);
  CHECK(fails.size() == apis.size());
  for (const auto& f : fails) {
    INFO(f.api);
    CHECK(f.check == check);
    CHECK(Contains(f.reasonEn, reasonEn));
    CHECK(Contains(f.reasonZh, reasonZh));
  }
  if (!warnsToo) CHECK(r.Count(Verdict::Warn) == 0);
}

}  // namespace

TEST_CASE("his-check against the OneTrans gateway with a correct HIS: every check PASS", "[check][gateway]") {
  TestHis::Get().Reset();
  GatewayHarness gw;
  check::Report r = RunAgainst(gw.base());
  AllPass(r);
  // The probes and repeats never reached the HIS: it answered each API's valid request once.
  for (const auto& [api, route] : RoutesByApi()) {
    INFO(api);
    CHECK(TestHis::Get().calls(api) == 1);
  }
  const check::Finding* repeat = Find(r, "ORG_003", Check::RepeatSame);
  REQUIRE(repeat != nullptr);
  CHECK(repeat->code == "00");
  const check::Finding* token = Find(r, "MPAY_001", Check::WrongToken);
  REQUIRE(token != nullptr);
  CHECK(token->http == 403);
}

TEST_CASE("his-check against a gateway of its own with nothing wrong: every check PASS", "[check][mini]") {
  MiniGateway gw(Flaw::None);
  AllPass(RunAgainst(gw.base()));
  for (const std::string& api : kMoney) CHECK(gw.hisCalls(api) == 1);
}

TEST_CASE("(a) a gateway that skips the signature check FAILs bad_signature, and nothing else", "[check][mini]") {
  MiniGateway gw(Flaw::SkipsSignature);
  OnlyFails(RunAgainst(gw.base()), Check::BadSignature,
            {"HIS00002", "HIS00003", "HIS00004", "op_certification_level", "op_query_card_list", "op_query_card_trail",
             "op_query_fee_list", "op_query_transfer_in_result", "op_yjj_account_transfer_in"},
            "accepted: answered the success form", "被当作有效请求受理");
}

TEST_CASE("(b) a gateway that forwards a repeat to its HIS again FAILs repeat_same: the answers disagree", "[check][mini]") {
  MiniGateway gw(Flaw::ForwardsRepeats);
  check::Report r = RunAgainst(gw.base());
  OnlyFails(r, Check::RepeatSame, kMoney, "the two answers disagree", "两次应答不一致");
  // Each names what the HIS's second movement changed.
  std::map<std::string, std::string> field = {{"ORG_003", "call_sn"}, {"ORG_005", "balance"}, {"ORG_007", "call_sn"},
                                              {"op_yjj_account_transfer_in", "callSn"}, {"MPAY_002", "revsToken"}};
  for (const auto& f : With(r, Verdict::Fail)) CHECK(Contains(f.reasonEn, field[f.api] + ": "));
  for (const std::string& api : kMoney) CHECK(gw.hisCalls(api) == 2);
}

TEST_CASE("(c) a gateway that answers fail when its HIS timed out, though the HIS booked it, FAILs fail_settled", "[check][mini]") {
  MiniGateway gw(Flaw::FailsOnTimeout, MiniHis::BooksThenTimesOut);
  check::Report r = RunAgainst(gw.base());
  OnlyFails(r, Check::FailSettled, {"ORG_003", "op_yjj_account_transfer_in"}, "answered fail for money that moved",
            "对已完成的资金交易应答了失败", true);
  CHECK(Contains(Find(r, "ORG_003", Check::FailSettled)->reasonEn, "ORG_004 (org_trace_no="));
  CHECK(Contains(Find(r, "op_yjj_account_transfer_in", Check::FailSettled)->reasonEn, "op_query_transfer_in_result (traceNoIn="));
  // Refusing a valid request is the HIS's right: a WARN, not a FAIL.
  auto warns = With(r, Verdict::Warn);
  CHECK(ApisOf(warns) == std::set<std::string>{"ORG_003", "op_yjj_account_transfer_in"});
  for (const auto& w : warns) CHECK(w.check == Check::ValidRequest);
}

TEST_CASE("(c) controls: unknown for a timeout passes; a fail the settling query confirms passes", "[check][mini]") {
  SECTION("the same HIS behind a gateway that answers unknown") {
    MiniGateway gw(Flaw::None, MiniHis::BooksThenTimesOut);
    check::Report r = RunAgainst(gw.base());
    INFO(check::Table(r));
    CHECK(r.Count(Verdict::Fail) == 0);
    CHECK(Find(r, "ORG_003", Check::FailSettled) == nullptr);
    const check::Finding* v = Find(r, "ORG_003", Check::ValidRequest);
    REQUIRE(v != nullptr);
    CHECK(v->verdict == Verdict::Warn);
    CHECK(v->code == "99");
    CHECK(Contains(v->reasonEn, "outcome unknown"));
  }
  SECTION("the flawed gateway, but a HIS that really declined") {
    MiniGateway gw(Flaw::FailsOnTimeout, MiniHis::Declines);
    check::Report r = RunAgainst(gw.base());
    INFO(check::Table(r));
    CHECK(r.Count(Verdict::Fail) == 0);
    const check::Finding* amp = Find(r, "ORG_003", Check::FailSettled);
    REQUIRE(amp != nullptr);
    CHECK(amp->verdict == Verdict::Pass);
    CHECK(Contains(amp->reasonEn, "result=fail"));
    const check::Finding* yzt = Find(r, "op_yjj_account_transfer_in", Check::FailSettled);
    REQUIRE(yzt != nullptr);
    CHECK(yzt->verdict == Verdict::Pass);
    CHECK(Contains(yzt->reasonEn, "result=notfound"));
  }
}

TEST_CASE("(d) a gateway that passes an invalid HIS reply through FAILs valid_request, naming the field and rule", "[check][mini]") {
  SECTION("ORG_003 without result") {
    MiniGateway gw(Flaw::PassesInvalidReply, MiniHis::NoResult);
    OnlyFails(RunAgainst(gw.base()), Check::ValidRequest, {"ORG_003"},
              "the answer breaks the response catalog: result: required field missing", "result（");
  }
  SECTION("ORG_003 with result \"maybe\"") {
    MiniGateway gw(Flaw::PassesInvalidReply, MiniHis::ResultMaybe);
    OnlyFails(RunAgainst(gw.base()), Check::ValidRequest, {"ORG_003"}, "result: value \"maybe\" is not in the dictionary result",
              "不在字典 result 中");
  }
  SECTION("control: the same HIS behind a gateway that checks its reply (the unknown answer)") {
    MiniGateway gw(Flaw::None, MiniHis::ResultMaybe);
    check::Report r = RunAgainst(gw.base());
    INFO(check::Table(r));
    CHECK(r.Count(Verdict::Fail) == 0);
    CHECK(Find(r, "ORG_003", Check::ValidRequest)->verdict == Verdict::Warn);
  }
}

TEST_CASE("more flaws, each caught by its own check and by nothing else", "[check][mini]") {
  std::set<std::string> qingyuan = {"HIS00002", "HIS00003", "HIS00004"}, tokened, required;
  for (const auto& [api, route] : RoutesByApi()) {
    if (route == "amp" || route == "mpay") tokened.insert(api);
    if (api != "op_query_card_trail") required.insert(api);
  }
  const std::string accepted = "accepted: answered the success form";
  const std::tuple<Flaw, Check, std::set<std::string>, std::string> cases[] = {
      {Flaw::ReplaysChangedRepeat, Check::RepeatChanged, kMoney, "answered with the first success as if the change were accepted"},
      {Flaw::IgnoresToken, Check::WrongToken, tokened, accepted},
      {Flaw::SkipsRequestCatalog, Check::MissingField, required, accepted},
      {Flaw::ForgetsSeqIds, Check::ReusedSeq, qingyuan, accepted},
      {Flaw::IgnoresClock, Check::ClockSkew, qingyuan, accepted},
  };
  for (const auto& [flaw, check, apis, reason] : cases) {
    INFO(check::CheckName(check));
    MiniGateway gw(flaw);
    OnlyFails(RunAgainst(gw.base()), check, apis, reason);
  }
}

namespace {

// A fixture request with one member set (a fresh business key for a case of one's own).
std::string Set(const std::string& request, const char* field, const std::string& value) {
  json::Document d;
  REQUIRE(json::Parse(request, &d).ok());
  json::Set(d, field, json::Str(value, d.GetAllocator()), d.GetAllocator());
  return json::Serialize(d);
}

}  // namespace

TEST_CASE("--cases: the user's own requests are sent as given and numbered; the repeats use the first", "[check][gateway]") {
  TestHis::Get().Reset();
  GatewayHarness gw;
  const std::string& fixture = InboundFixtures().at("ORG_003").request;
  std::string keyA = "CASEA" + crypto::RandomAlnum(10), keyB = "CASEB" + crypto::RandomAlnum(10);
  auto cases = check::ParseCases("{\"ORG_003\":[" + Set(fixture, "amp_trace_id", keyA) + "," + Set(fixture, "amp_trace_id", keyB) + "]}");
  INFO(cases.status.message);
  REQUIRE(cases.ok());
  check::Options opts;
  opts.api = "ORG_003";
  opts.cases = cases.value;
  check::Report r = RunAgainst(gw.base(), opts);
  INFO(check::Table(r));
  CHECK(r.apis == 1);
  CHECK(r.Count(Verdict::Fail) == 0);
  CHECK(r.Count(Verdict::Warn) == 0);
  REQUIRE(Find(r, "ORG_003", Check::ValidRequest, 1) != nullptr);
  REQUIRE(Find(r, "ORG_003", Check::ValidRequest, 2) != nullptr);
  REQUIRE(Find(r, "ORG_003", Check::RepeatSame, 1) != nullptr);
  CHECK(Contains(check::Table(r), "valid_request#2"));
  CHECK(TestHis::Get().calls("ORG_003") == 2);  // the two cases; the repeat came from the journal
  CHECK(Contains(TestHis::Get().lastRequest("ORG_003"), keyB));
}

TEST_CASE("--cases and options that select nothing or cannot sign are errors naming what is wrong", "[check]") {
  auto unknown = check::ParseCases(R"({"ORG_999":[{}]})");
  CHECK(!unknown.ok());
  CHECK(Contains(unknown.status.message, "ORG_999"));
  auto invalid = check::ParseCases(R"({"ORG_003":[{"org_code":"H1"}]})");
  REQUIRE(!invalid.ok());
  CHECK(Contains(invalid.status.message, "ORG_003 #1"));
  CHECK(Contains(invalid.status.message, "mdtrt_cert_type: required field missing"));
  CHECK(!check::ParseCases(R"({"ORG_003":{}})").ok());
  CHECK(!check::ParseCases(R"({"ORG_003":[]})").ok());
  CHECK(!check::ParseCases(R"([1])").ok());
  CHECK(!check::ParseCases(R"({"MPAY_002":["x"]})").ok());
  // 公众号 keys are trimmed before they are checked, as the gateway does.
  CHECK(check::ParseCases(R"({"MPAY_002":[{" payOrdId ":"P1","PATIENT_ID":"1","VISIT_ID":"2","medOrgOrd":"M1"}]})").ok());

  Config cfg = CheckConfig();
  auto run = [&](const std::string& route, const std::string& api, const std::string& target = "http://127.0.0.1:1") {
    check::Options o;
    o.target = target;
    o.route = route;
    o.api = api;
    return check::Run(cfg, o);
  };
  CHECK(Contains(run("foo", "").status.message, "--route"));
  CHECK(Contains(run("", "ORG_999").status.message, "ORG_999"));
  CHECK(Contains(run("yzt", "ORG_003").status.message, "belongs to amp"));
  CHECK(Contains(run("", "", "ftp://127.0.0.1").status.message, "--target"));
  Config noKey = cfg;
  noKey.qingyuan.key.clear();
  check::Options o;
  o.target = "http://127.0.0.1:1";
  auto st = check::Run(noKey, o);
  CHECK(Contains(st.status.message, "[qingyuan] platformId / key"));
  o.route = "amp";  // a route that needs no Qingyuan key
  o.api = "ORG_001";
  auto amp = check::Run(noKey, o);
  REQUIRE(amp.ok());
  // Nothing answers there: each check FAILs for want of an answer, it is not an error.
  CHECK(amp.value.Count(Verdict::Fail) == amp.value.findings.size());
  CHECK(Contains(amp.value.findings.front().reasonEn, "no answer"));
}

TEST_CASE("a route without a token: one WARN for the route, no token probes", "[check][mini]") {
  MiniGateway gw(Flaw::IgnoresToken);  // stands for a route guarded by allowFrom alone
  Config cfg = CheckConfig();
  cfg.gateway.routes["amp"].token.clear();
  check::Options o;
  o.target = gw.base();
  o.route = "amp";
  auto r = check::Run(cfg, o);
  REQUIRE(r.ok());
  INFO(check::Table(r.value));
  CHECK(r.value.Count(Verdict::Fail) == 0);
  auto warns = With(r.value, Verdict::Warn);
  REQUIRE(warns.size() == 1);
  CHECK(warns[0].api == "amp");
  CHECK(warns[0].check == Check::WrongToken);
  CHECK(Contains(warns[0].reasonEn, "no [gateway.amp] token configured"));
  CHECK(Find(r.value, "ORG_001", Check::WrongToken) == nullptr);
}

TEST_CASE("the catalog's Chinese messages in English: the field and the rule", "[check]") {
  auto en = [](const catalog::Catalog& c, const char* api, const std::string& text, bool response) {
    json::Document d;
    REQUIRE(json::Parse(text, &d).ok());
    const catalog::Interface* itf = c.Find(api);
    REQUIRE(itf != nullptr);
    Status st = response ? c.ValidateResponse(*itf, d) : c.Validate(*itf, d);
    REQUIRE(!st.ok());
    return check::EnglishOfCatalogMessage(st.message);
  };
  const auto& amp = catalog::Amp();
  CHECK(en(amp, "ORG_003", R"({"ret_code":"00","ret_msg":"成功","call_sn":"X"})", true) == "result: required field missing");
  CHECK(en(amp, "ORG_003", R"({"ret_code":"00","ret_msg":"成功","result":"maybe","call_sn":"X"})", true) ==
        "result: value \"maybe\" is not in the dictionary result");
  CHECK(en(amp, "ORG_003", R"({"ret_code":5,"ret_msg":"成功","result":"succ","call_sn":"X"})", true) ==
        "ret_code: wrong type: must be a string, got integer 5");
  CHECK(en(amp, "ORG_003", R"({"ret_code":"00","ret_msg":"成功","result":"succ","call_sn":")" + std::string(41, 'A') + "\"}", true) ==
        "call_sn: length must be at most 40 characters, got 41");
  CHECK(en(amp, "ORG_003", R"({"ret_code":"00","ret_msg":"","result":"succ","call_sn":"X"})", true) == "ret_msg: required field is an empty string");
  CHECK(en(amp, "ORG_007", R"({"org_code":"H1","org_trace_no":"T1","doc_trace_no":"D1","feesum_amt":"12.345"})", false) ==
        "feesum_amt: must be an amount in yuan with at most 2 decimals, got \"12.345\"");
  CHECK(en(catalog::Qingyuan(), "HIS00004",
           R"({"treatmentSerialNo":"T1","idNo":"441802198708081050","hospitalId":"QYH44180200001","claimNode":"1",)"
           R"("insuranceId":"I1","insuranceName":"N","claimType":"3"})",
           false) == "claimType: value \"3\" is not one of the allowed values (1, 2)");
  CHECK(check::EnglishOfCatalogMessage("something else entirely") == "something else entirely");
}

TEST_CASE("a key or token an endpoint echoes back is never printed", "[check][mini]") {
  MiniGateway gw(Flaw::None, MiniHis::EchoesSecret);
  check::Report r = RunAgainst(gw.base());  // NoSecrets() on the table and the JSON report
  const check::Finding* f = Find(r, "ORG_001", Check::ValidRequest);
  REQUIRE(f != nullptr);
  CHECK(f->verdict == Verdict::Warn);
  CHECK(Contains(f->reasonZh, "token *** / key *** 无效"));
  CHECK(!Contains(f->reasonEn, kGwAmpToken));
}

namespace {

std::string Shell(const std::string& command, int* status) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = pclose(p);
  *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The INI a hospital would give both the gateway and his-check (the keys his-check needs).
const char* WriteIni() {
  static const char* path = "his-check-test.ini";
  std::ofstream(path) << "[qingyuan]\nplatformId = " << kGwPlatformId << "\nkey = " << kGwKey << "\n\n[gateway.amp]\ntoken = " << kGwAmpToken
                      << "\n\n[gateway.yzt]\nsecret = " << kGwYztSecret << "\n\n[gateway.mpay]\ntoken = " << kGwMpayToken << "\n";
  return path;
}

// Rows of the printed table: the verdict stands in its column.
std::size_t Rows(const std::string& table) {
  std::size_t rows = 0;
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) {
    std::string v = line.size() > 50 ? line.substr(46, 4) : "";
    rows += v == "PASS" || v == "WARN" || v == "FAIL";
  }
  return rows;
}

}  // namespace

TEST_CASE("onetrans his-check as a process: the table, the JSON report and the exit status", "[check][cli]") {
  std::string cli = std::string(ONETRANS_CLI) + " his-check --config " + WriteIni();
  int status = -1;
  {
    TestHis::Get().Reset();
    GatewayHarness gw;
    std::string out = Shell(cli + " --target " + gw.base() + " --json his-check-report.json 2>&1", &status);
    INFO(out);
    CHECK(status == 0);
    CHECK(Contains(out, "his-check " + gw.base()));
    CHECK(Contains(out, ", 0 FAIL — 通过 / passed"));
    json::Document report;
    REQUIRE(json::Parse(Slurp("his-check-report.json"), &report).ok());
    const json::Value& summary = report["summary"];
    CHECK(summary["apis"].GetInt() == 20);
    CHECK(summary["fail"].GetInt() == 0);
    CHECK(summary["passed"].GetBool());
    const json::Value& checks = report["checks"];
    CHECK(checks.Size() == summary["checks"].GetUint());
    CHECK(Rows(out) == checks.Size());
    for (const auto& c : checks.GetArray()) {
      for (const char* key : {"api", "route", "check", "status", "reason_zh", "reason_en", "code"}) CHECK(c.HasMember(key));
      CHECK(std::string(c["status"].GetString()) == "PASS");
    }
    for (const char* secret : {kGwKey, kGwYztSecret, kGwAmpToken, kGwMpayToken}) CHECK(!Contains(out + Slurp("his-check-report.json"), secret));
  }
  {
    MiniGateway gw(Flaw::SkipsSignature);
    std::string out = Shell(cli + " --target " + gw.base() + " --route yzt --json his-check-report.json 2>&1", &status);
    INFO(out);
    CHECK(status == 1);
    CHECK(Contains(out, "未通过 / failed"));
    json::Document report;
    REQUIRE(json::Parse(Slurp("his-check-report.json"), &report).ok());
    CHECK(report["summary"]["apis"].GetInt() == 6);
    int fails = 0;
    for (const auto& c : report["checks"].GetArray()) {
      if (std::string(c["status"].GetString()) != "FAIL") continue;
      ++fails;
      CHECK(std::string(c["check"].GetString()) == check::CheckName(Check::BadSignature));
      std::string code = c["code"].GetString();
      CHECK((code == "00" || code.empty()));  // 用卡轨迹 and 费用清单 succeed without a retCode
    }
    CHECK(fails == 6);
  }
  Shell(std::string(ONETRANS_CLI) + " his-check --target http://127.0.0.1:1 2>&1", &status);
  CHECK(status == 2);  // no --config
  std::ofstream("his-check-cases.json") << R"({"ORG_003":[{"org_code":"H1"}]})";
  std::string out = Shell(cli + " --target http://127.0.0.1:1 --cases his-check-cases.json 2>&1", &status);
  CHECK(status == 2);
  CHECK(Contains(out, "ORG_003 #1"));
}
