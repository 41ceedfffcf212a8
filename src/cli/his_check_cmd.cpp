// `onetrans his-check --config FILE --target URL [--route R] [--api A] [--cases FILE] [--json FILE]`:
// the platforms' acceptance calls against a hospital endpoint (src/check/). Prints the
// PASS/WARN/FAIL table on stdout; exit status 0 when nothing FAILs, 1 when something does, 2 when
// the run could not be made (usage, config, cases, report file).
#include <cstdio>
#include <fstream>
#include <string>

#include "check/his_check.h"
#include "cli/commands.h"
#include "core/config.h"
#include "core/file.h"

namespace onetrans::cli {
namespace {

constexpr std::size_t kMaxCasesBytes = 16u << 20;

constexpr const char* kUsage = R"(usage: onetrans his-check --config FILE --target URL [--route qingyuan|amp|yzt|mpay] [--api API]
                          [--cases FILE.json] [--json REPORT.json]
  --config  the gateway's INI: [qingyuan] platformId/key, [gateway.yzt] secret, [gateway.amp]/[gateway.mpay] token
  --target  the endpoint's base URL (routes /qingyuan, /amp/<suffix>, /yzt, /mpay/order|result)
  --cases   your own valid requests: {"ORG_003": [{...}, ...], ...}
  exit status: 0 every check PASS or WARN, 1 a check FAILed, 2 the run could not be made
)";

int Usage() {
  std::fputs(kUsage, stderr);
  return 2;
}

}  // namespace

int HisCheck(int argc, char** argv) {
  std::string config, casesFile, jsonFile;
  check::Options opts;
  for (int i = 1; i < argc; i += 2) {
    std::string k = argv[i];
    if (i + 1 >= argc) return Usage();
    std::string v = argv[i + 1];
    if (k == "--config") config = v;
    else if (k == "--target") opts.target = v;
    else if (k == "--route") opts.route = v;
    else if (k == "--api") opts.api = v;
    else if (k == "--cases") casesFile = v;
    else if (k == "--json") jsonFile = v;
    else return Usage();
  }
  if (config.empty() || opts.target.empty()) return Usage();
  auto cfg = LoadConfig(config.c_str());
  if (!cfg.ok()) {
    std::fprintf(stderr, "his-check: --config %s: %s\n", config.c_str(), cfg.status.message.c_str());
    return 2;
  }
  if (!casesFile.empty()) {
    std::string text;
    Status st = file::ReadRegular(casesFile, kMaxCasesBytes, &text);
    if (!st.ok()) {
      std::fprintf(stderr, "his-check: --cases %s: %s\n", casesFile.c_str(), st.message.c_str());
      return 2;
    }
    auto cases = check::ParseCases(text);
    if (!cases.ok()) {
      std::fprintf(stderr, "his-check: %s\n", cases.status.message.c_str());
      return 2;
    }
    opts.cases = std::move(cases.value);
  }
  auto report = check::Run(cfg.value, opts);
  if (!report.ok()) {
    std::fprintf(stderr, "his-check: %s\n", report.status.message.c_str());
    return 2;
  }
  std::fputs(check::Table(report.value).c_str(), stdout);
  std::fflush(stdout);
  if (!jsonFile.empty()) {
    std::ofstream out(jsonFile, std::ios::binary | std::ios::trunc);
    out << check::ReportJson(report.value) << "\n";
    out.close();
    if (!out) {
      std::fprintf(stderr, "his-check: --json %s: 无法写入 / cannot be written\n", jsonFile.c_str());
      return 2;
    }
  }
  return report.value.passed() ? 0 : 1;
}

}  // namespace onetrans::cli
