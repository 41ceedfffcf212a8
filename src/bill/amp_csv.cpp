// The AMP bill CSV (seed 001 "对账单csv示例"). Its own sample header lacks a comma
// (交易完成时间机构编码) and its field table has one column more than the sample rows, so
// columns come from the header when it matches the rows, else from the standard layouts.
#include <map>

#include "abi/charset.h"
#include "bill/bill.h"

namespace onetrans::bill {
namespace {

const std::vector<std::string>& Layout28() {
  static const std::vector<std::string> cols = {
      "交易时间", "交易完成时间", "机构编码", "分院编号", "机构名称", "医保结算时间", "院内结算流水号", "平台订单号",
      "区域医保支付门户单据跟踪号", "支付渠道订单号", "省医保移动支付中心订单号", "医保挂号登记号", "医保结算ID",
      "医药机构结算ID", "医保就诊ID", "医保人员编号", "费用总额", "个人账户支付额", "个人现金支付额",
      "医保统筹基金支付额", "商户订单号", "用户证件号", "用户证件类型", "患者费别", "交易类型", "交易状态",
      "支付渠道类型", "发送方报文ID"};
  return cols;
}

std::vector<std::string> Layout27() {
  std::vector<std::string> cols = Layout28();
  cols.erase(cols.begin() + 14);  // 医保就诊ID: in the field table, not in the sample rows
  return cols;
}

std::vector<std::string> Split(std::string_view line, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto pos = line.find(sep, start);
    out.emplace_back(line.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

// "#交易总笔数：1笔，商家实收共10.00元" -> ("交易总笔数", "1笔，商家实收共10.00元")
bool KeyValue(std::string_view comment, std::string* key, std::string* value) {
  static const std::string kFullColon = "：";
  auto pos = comment.find(kFullColon);
  std::size_t skip = kFullColon.size();
  if (pos == std::string_view::npos) {
    pos = comment.find(':');
    skip = 1;
  }
  if (pos == std::string_view::npos) return false;
  *key = std::string(comment.substr(0, pos));
  *value = std::string(comment.substr(pos + skip));
  return true;
}

// The leading number of a summary value: "1笔，…" -> "1", "2288.04" -> "2288.04".
std::string LeadingNumber(const std::string& v) {
  std::size_t n = 0;
  while (n < v.size() && ((v[n] >= '0' && v[n] <= '9') || v[n] == '.' || (n == 0 && v[n] == '-'))) ++n;
  return v.substr(0, n);
}

int Column(const std::vector<std::string>& cols, const char* name) {
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (cols[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

Result<Bill> ParseAmpCsv(std::string_view input, const std::string& file) {
  std::string text(input);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  if (!charset::CheckUtf8(text).ok()) {
    auto utf8 = charset::GbkToUtf8(text);
    if (!utf8.ok()) return Status::Fail(rc::kBadBill, file + "：既不是UTF-8也不是GBK编码");
    text = std::move(utf8.value);
  }
  Bill b;
  b.file = file;
  std::vector<std::string> header;
  std::size_t headerLine = 0;
  bool inDetail = false;
  std::vector<std::string> lines = Split(text, '\n');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string line = lines[i];
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::size_t lineNo = i + 1;
    if (line[0] == '#') {
      std::string key, value;
      if (KeyValue(std::string_view(line).substr(1), &key, &value)) b.summary.emplace_back(key, value);
      continue;
    }
    if (!inDetail) {
      header = Split(line, ',');
      headerLine = lineNo;
      inDetail = true;
      continue;
    }
    std::vector<std::string> fields = Split(line, ',');
    for (auto& f : fields) {
      if (f.empty() || f[0] != '`')
        return Status::Fail(rc::kBadBill, file + " 第" + std::to_string(lineNo) + "行：明细字段应以 ` 开头：\"" + f.substr(0, 40) + "\"");
      f.erase(0, 1);
    }
    if (b.columns.empty()) {
      if (header.size() == fields.size()) {
        b.columns = header;
      } else if (fields.size() == 27 || fields.size() == 28) {
        b.columns = fields.size() == 28 ? Layout28() : Layout27();
        b.warnings.push_back(file + " 第" + std::to_string(headerLine) + "行：表头有" + std::to_string(header.size()) +
                             "列而明细有" + std::to_string(fields.size()) + "列，已按" + std::to_string(fields.size()) +
                             "列标准布局解析");
      } else {
        return Status::Fail(rc::kBadBill, file + " 第" + std::to_string(lineNo) + "行：明细有" + std::to_string(fields.size()) +
                                              "列，应为27或28列");
      }
    }
    if (fields.size() != b.columns.size())
      return Status::Fail(rc::kBadBill, file + " 第" + std::to_string(lineNo) + "行：明细有" + std::to_string(fields.size()) +
                                            "列，与前面的" + std::to_string(b.columns.size()) + "列不一致");
    b.rows.push_back(std::move(fields));
  }
  if (!inDetail) return Status::Fail(rc::kBadBill, file + "：缺少明细表头行");
  if (b.columns.empty()) b.columns = header;

  // Cross-check the summary against the rows.
  int typeCol = Column(b.columns, "交易类型"), amountCol = Column(b.columns, "费用总额");
  std::int64_t trades = 0, refunds = 0, tradeFen = 0, refundFen = 0;
  for (std::size_t r = 0; r < b.rows.size(); ++r) {
    if (typeCol < 0 || amountCol < 0) break;
    std::int64_t fen = 0;
    if (!YuanToFen(b.rows[r][static_cast<std::size_t>(amountCol)], &fen))
      return Status::Fail(rc::kBadBill, file + " 明细第" + std::to_string(r + 1) + "条：费用总额 \"" +
                                            b.rows[r][static_cast<std::size_t>(amountCol)] + "\" 不是金额");
    const std::string& type = b.rows[r][static_cast<std::size_t>(typeCol)];
    bool refund = type == "REFUND";
    if (!AddFen(refund ? &refundFen : &tradeFen, fen))
      return Status::Fail(rc::kBadBill, file + " 明细第" + std::to_string(r + 1) + "条：费用总额累计超出可表示范围");
    ++(refund ? refunds : trades);
  }
  std::map<std::string, std::string> computed = {{"交易总笔数", std::to_string(trades)},
                                                 {"退款总笔数", std::to_string(refunds)},
                                                 {"交易总金额", FenToYuan(tradeFen)},
                                                 {"退款总金额", FenToYuan(refundFen)}};
  for (const auto& [key, value] : b.summary) {
    auto it = computed.find(key);
    if (it == computed.end()) continue;
    std::string stated = LeadingNumber(value);
    bool money = key.find("金额") != std::string::npos;
    std::int64_t a = 0, c = 0;
    bool agree = money ? (YuanToFen(stated, &a) && YuanToFen(it->second, &c) && a == c) : stated == it->second;
    if (!agree)
      b.warnings.push_back(file + "：汇总" + key + "为 " + (stated.empty() ? value : stated) + "，明细合计为 " + it->second);
  }
  return b;
}

}  // namespace onetrans::bill
