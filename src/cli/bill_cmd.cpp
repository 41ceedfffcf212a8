// `onetrans bill`: ask the platform for a day's bill through the public C ABI, then download
// it with a progress bar, check, unzip, parse and write it as CSV or JSON.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "bill/bill.h"
#include "exchange/bill_fetch.h"
#include "cli/commands.h"
#include "core/config.h"
#include "core/json.h"
#include "onetrans/onetrans.h"

namespace onetrans::cli {
namespace {

void ProgressBar(std::size_t now, std::size_t total) {
  if (total == 0) return;
  int pct = static_cast<int>(now * 100 / total);
  int filled = pct / 5;
  std::fprintf(stderr, "\r下载 downloading [%.*s%*s] %3d%% %zu/%zu bytes", filled, "####################", 20 - filled, "",
               pct, now, total);
  if (now == total) std::fprintf(stderr, "\n");
}

int Usage() {
  std::fprintf(stderr,
               "usage: onetrans bill --platform amp|qingyuan --date YYYY-MM-DD [--out FILE.csv|FILE.json] [--config FILE]\n"
               "  amp:      --org-code CODE --org-secret SECRET [--sub-org CODE] [--type ALL|REFUND|CONSUME]\n"
               "  qingyuan: --hospital-id ID --city-code CODE\n");
  return 2;
}

}  // namespace

int Bill(int argc, char** argv) {
  std::string platform, date, out, config, orgCode, orgSecret, subOrg, type = "ALL", hospitalId, cityCode;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--platform") platform = v;
    else if (k == "--date") date = v;
    else if (k == "--out") out = v;
    else if (k == "--config") config = v;
    else if (k == "--org-code") orgCode = v;
    else if (k == "--org-secret") orgSecret = v;
    else if (k == "--sub-org") subOrg = v;
    else if (k == "--type") type = v;
    else if (k == "--hospital-id") hospitalId = v;
    else if (k == "--city-code") cityCode = v;
    else return Usage();
  }
  if ((platform != "amp" && platform != "qingyuan") || date.size() != 10) return Usage();
  if (!config.empty() && OneTrans_Init(config.c_str()) != 0) {
    std::fprintf(stderr, "config %s rejected\n", config.c_str());
    return 1;
  }
  std::string request;
  if (platform == "amp") {
    request = R"({"api":"getTradeFile","data":{"orgCode":")" + orgCode + R"(","subOrgCode":")" + subOrg +
              R"(","orgSecret":")" + orgSecret + R"(","billDate":")" + date + R"(","billType":")" + type + R"("}})";
  } else {
    std::string compact = date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
    request = R"({"transCode":"HOS00013","data":{"settleDate":")" + compact + R"(","hospitalId":")" + hospitalId +
              R"(","cityCode":")" + cityCode + R"("}})";
  }
  char* answer = nullptr;
  int rc = OneTrans_Call(request.c_str(), &answer);
  json::Document doc;
  (void)json::Parse(answer != nullptr ? answer : "", &doc);  // not JSON: no "code" below
  std::string text = answer != nullptr ? answer : "";
  OneTrans_Free(answer);
  const json::Value* code = json::Find(doc, "code");
  if (rc != 0 || code == nullptr || !code->IsInt() || code->GetInt() != 0) {
    std::fprintf(stderr, "return=%s\n%s\n", CodeText(rc), text.c_str());
    return 1;
  }
  auto cfg = LoadConfig(config.empty() ? nullptr : config.c_str());
  Config settings = cfg.ok() ? cfg.value : Config{};
  transport::HttpClient http(settings.transport);
  const json::Value& data = doc["data"];
  Result<bill::Bill> b = Status::Fail(rc::kBadBill, "");
  if (platform == "amp") {
    b = exchange::FetchAmpBill(http, {json::GetStringOr(data, "downloadUrl", ""), json::GetStringOr(data, "digest", ""), orgCode,
                                      subOrg, date, type},
                               settings.bill, ProgressBar);
  } else {
    b = exchange::FetchQingyuanBill(http, json::GetStringOr(data, "settleFileUrl", ""), settings.bill, ProgressBar);
  }
  if (!b.ok()) {
    std::fprintf(stderr, "return=%s\n%s\n", CodeText(static_cast<int>(b.status.code)), b.status.message.c_str());
    return 1;
  }
  for (const auto& w : b.value.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  bool asJson = out.size() > 5 && out.compare(out.size() - 5, 5, ".json") == 0;
  std::string body = asJson ? bill::ToJson(b.value) + "\n" : bill::ToCsv(b.value);
  if (out.empty()) {
    std::fwrite(body.data(), 1, body.size(), stdout);
  } else {
    std::ofstream(out, std::ios::binary) << body;
    std::fprintf(stderr, "%s: %zu rows written to %s\n", b.value.file.c_str(), b.value.rows.size(), out.c_str());
  }
  OneTrans_Cleanup();
  return 0;
}

}  // namespace onetrans::cli
