// `onetrans his-check`: the platforms' acceptance calls, played against any hospital endpoint
// (a OneTrans gateway or a HIS's own implementation of PROTOCOL.md §9) before the platforms'
// engineers make them. For each inbound API: valid requests whose answers must fit the wire form
// and the response catalog; refusal probes (bad signature, tampered encData, reused
// platformSeqId, skewed clock, missing field, wrong token) that must be refused in the
// platform's own form; and for money-moving APIs a repeat that must be answered alike, a
// conflicting repeat that must not succeed, and "fail" answers checked against the settling
// query. His-check sees only the answers, never the HIS behind them.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/status.h"

namespace onetrans::check {

// WARN does not fail a run: a HIS may refuse a valid request for its own business reasons.
enum class Verdict { Pass, Warn, Fail };
const char* VerdictName(Verdict v);  // PASS / WARN / FAIL

// What is checked; CheckName spells it as the table and the JSON report do (valid_request, …).
enum class Check {
  ValidRequest,   // a valid request: the answer fits the wire form and the response catalog
  BadSignature,   // Qingyuan signData / 一帐通 sign altered: refused (4000 / 02)
  BadEncData,     // Qingyuan encData altered: refused (4000)
  ReusedSeq,      // Qingyuan platformSeqId used again: refused (4008)
  ClockSkew,      // Qingyuan date/time 10 minutes off either way: refused (4000)
  MissingField,   // a required field left out: refused (4000 / 02 / 02 / -1)
  WrongToken,     // amp / mpay: a wrong or no X-OneTrans-Token: HTTP 403
  RepeatSame,     // money: the same request again is answered alike
  RepeatChanged,  // money: the same key with a business field changed is not a success
  FailSettled,    // money: a fail answer is not contradicted by the settling query
};
const char* CheckName(Check c);

struct Finding {
  std::string api;    // ORG_003; a route's name for what concerns the whole route
  std::string route;  // qingyuan / amp / yzt / mpay
  Check check = Check::ValidRequest;
  int caseNo = 0;     // --cases: the case's number (1-based); 0: a request built from the catalog
  Verdict verdict = Verdict::Pass;
  std::string reasonZh, reasonEn;
  int http = 0;       // the answer's HTTP status (0: no answer)
  std::string code;   // the answer's rtCode / ret_code / retCode / CODE
};

struct Report {
  std::string target;
  std::size_t apis = 0;
  std::vector<Finding> findings;
  std::size_t Count(Verdict v) const;
  bool passed() const { return Count(Verdict::Fail) == 0; }
};

// The user's own valid requests: API id -> the business data of each case (JSON object text).
using Cases = std::map<std::string, std::vector<std::string>>;
// `{"ORG_003": [{...}, ...], ...}`. 000105 naming the API and case for an unknown inbound API,
// a case that is not an object, or one that breaks the request catalog (a case must be valid:
// a refusal of it would say nothing about the HIS).
Result<Cases> ParseCases(std::string_view text);

struct Options {
  std::string target;  // the gateway base URL: routes are /qingyuan, /amp/<suffix>, /yzt, /mpay/<suffix>
  std::string route;   // "" every route, else qingyuan | amp | yzt | mpay
  std::string api;     // "" every API of the route(s), else one API id
  Cases cases;         // replaces the catalog samples of the APIs it names
};

// Runs every check of the selected APIs, one call at a time. 000105 for options that select
// nothing or credentials missing for a selected route (naming the INI key); a target that does
// not answer is a FAIL of each check, not an error.
Result<Report> Run(const Config& cfg, const Options& opts);

// The PASS/FAIL table (one row a check, reasons in Chinese then English) and its summary line.
std::string Table(const Report& r);
// {"target","summary":{"apis","checks","pass","warn","fail","passed"},"checks":[{"api","route",
// "check","case","status","reason_zh","reason_en","http","code"}]}
std::string ReportJson(const Report& r);

// A catalog validator message ("data.result（处理结果）：必填字段缺失") in English
// ("result: required field missing"): the field's path and the rule, without the prefix.
std::string EnglishOfCatalogMessage(const std::string& zh, const std::string& prefix = "data");

}  // namespace onetrans::check
