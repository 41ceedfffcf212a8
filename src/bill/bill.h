// Reconciliation bills (PROTOCOL.md §6): download, SHA1 check, unzip, parse into typed rows,
// and cross-check the file's own summary against its rows. Failures are 000108 naming the
// file and line; a summary that disagrees with the rows is a warning, not an error.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "transport/http.h"

namespace onetrans::bill {

struct Bill {
  std::string file;                                      // member name inside the zip
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;            // one value per column
  std::vector<std::pair<std::string, std::string>> summary;
  std::vector<std::string> warnings;
};

// AMP CSV: `#` header/summary lines, a column header line, detail fields prefixed with a
// backtick. 27- and 28-column layouts. GBK files are accepted as well as UTF-8.
Result<Bill> ParseAmpCsv(std::string_view text, const std::string& file);
// Qingyuan: one order per line, 13 or 14 fields separated by `!|`, trailing `!|`.
Result<Bill> ParseQingyuanLines(std::string_view text, const std::string& file);

struct Member {
  std::string name, bytes;
};
Result<std::vector<Member>> Unzip(std::string_view zip, const std::string& label);

// Bills carry at most 13 digits of 元 (10^13 元, 10^15 分): any real amount fits, and the
// conversion and per-row totals cannot overflow 64 bits unnoticed.
inline constexpr int kMaxYuanDigits = 13;
// Amounts in 元 ("14.01") to 分 without floating point; false if not an amount.
bool YuanToFen(std::string_view s, std::int64_t* fen);
// sum += fen; false (sum unspecified) if the total would overflow.
bool AddFen(std::int64_t* sum, std::int64_t fen);
std::string FenToYuan(std::int64_t fen);

struct AmpFile {
  std::string downloadUrl, digest, orgCode, subOrgCode, billDate, billType;
};
Result<Bill> FetchAmp(transport::HttpClient& http, const AmpFile& f, const transport::Progress& progress = {});
Result<Bill> FetchQingyuan(transport::HttpClient& http, const std::string& url, const transport::Progress& progress = {});

// {"file","columns","rows":[{column: value}],"summary":{},"warnings":[]}
std::string ToJson(const Bill& b);
std::string ToCsv(const Bill& b);

}  // namespace onetrans::bill
