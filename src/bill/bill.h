// Reconciliation bills (PROTOCOL.md §6): one member of a zip, streamed line by line into typed
// rows, the file's own summary cross-checked against the rows. Failures are 000108 naming the
// file and line; a summary that disagrees with the rows is a warning, not an error.
//
// A bill comes from a server: every size is bounded before it is trusted (the member's
// uncompressed bytes, the length of one line, the fields of one line), only the member that is
// wanted is ever decompressed, and no value is echoed into a message at more than 40 characters.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config.h"
#include "core/status.h"

namespace onetrans::bill {

struct Bill {
  std::string file;                                      // member name inside the zip
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;            // one value per column
  std::vector<std::pair<std::string, std::string>> summary;
  std::vector<std::string> warnings;
};

// Feeds a bill's lines (without their line ends) in order.
class LineParser {
 public:
  virtual ~LineParser() = default;
  virtual Status Line(std::string_view line, std::size_t lineNo) = 0;
  virtual Result<Bill> Finish() = 0;
};

// AMP CSV: `#` header/summary lines, a column header line, detail fields prefixed with a
// backtick. 27- and 28-column layouts. GBK files are accepted as well as UTF-8.
std::unique_ptr<LineParser> AmpCsvParser(const std::string& file, const BillConfig& limits);
// Qingyuan: one order per line, 13 or 14 fields separated by `!|`, trailing `!|`.
std::unique_ptr<LineParser> QingyuanLinesParser(const std::string& file, const BillConfig& limits);

// Splits text into lines (bounded by limits.maxLineBytes) and feeds them to `parser`.
Result<Bill> ParseText(std::string_view text, LineParser& parser, const std::string& file, const BillConfig& limits);
inline Result<Bill> ParseAmpCsv(std::string_view text, const std::string& file, const BillConfig& limits = {}) {
  return ParseText(text, *AmpCsvParser(file, limits), file, limits);
}
inline Result<Bill> ParseQingyuanLines(std::string_view text, const std::string& file, const BillConfig& limits = {}) {
  return ParseText(text, *QingyuanLinesParser(file, limits), file, limits);
}

// Picks the member to read from the archive's names (an index into `names`, or -1: none fits).
using MemberPicker = std::function<int(const std::vector<std::string>& names)>;
// Decompresses only the picked member of `zip`, at most limits.maxBytes of it, feeding its
// lines to the parser made for its name.
Result<Bill> ParseZipMember(std::string_view zip, const std::string& label, const MemberPicker& pick,
                            const std::function<std::unique_ptr<LineParser>(const std::string& name)>& parserFor,
                            const BillConfig& limits);

// Bills carry at most 13 digits of 元 (10^13 元, 10^15 分): any real amount fits, and the
// conversion and per-row totals cannot overflow 64 bits unnoticed.
inline constexpr int kMaxYuanDigits = 13;
// Amounts in 元 ("14.01") to 分 without floating point; false if not an amount.
bool YuanToFen(std::string_view s, std::int64_t* fen);
// sum += fen; false (sum unspecified) if the total would overflow.
bool AddFen(std::int64_t* sum, std::int64_t fen);
std::string FenToYuan(std::int64_t fen);
// A value quoted in a message: at most 40 characters, whole characters only.
std::string Quote(std::string_view value);

// {"file","columns","rows":[{column: value}],"summary":{},"warnings":[]}
std::string ToJson(const Bill& b);
std::string ToCsv(const Bill& b);

}  // namespace onetrans::bill
