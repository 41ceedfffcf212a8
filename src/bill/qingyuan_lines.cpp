// The Qingyuan bill (seed 004 HOS00013): 14 fields per line separated by `!|`, a trailing
// `!|`; the seed's own sample lines carry 13 (商保结算金额 missing), so both are accepted.
#include <cstdlib>

#include "bill/bill.h"

namespace onetrans::bill {
namespace {

const std::vector<std::string> kColumns = {"交易流水号", "订单号", "姓名", "身份证号", "支付日期", "支付时间", "交易类型",
                                           "交易金额", "交易卡号/信贷产品编号", "商户编号", "商户名", "优惠信息",
                                           "优惠金额", "商保结算金额"};

// An amount in 分 within the bills' bound (kMaxYuanDigits of 元, two more of 分).
bool IsInteger(const std::string& s) {
  std::size_t first = (!s.empty() && s[0] == '-') ? 1 : 0;
  if (s.size() <= first || s.size() - first > kMaxYuanDigits + 2) return false;
  for (std::size_t i = first; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

}  // namespace

Result<Bill> ParseQingyuanLines(std::string_view text, const std::string& file) {
  Bill b;
  b.file = file;
  b.columns = kColumns;
  std::int64_t pays = 0, refunds = 0, payFen = 0, refundFen = 0;
  std::size_t lineNo = 0, start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    std::string line(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    start = end == std::string_view::npos ? text.size() : end + 1;
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto bad = [&](const std::string& why) {
      return Status::Fail(rc::kBadBill, file + " 第" + std::to_string(lineNo) + "行：" + why);
    };
    if (line.size() < 2 || line.compare(line.size() - 2, 2, "!|") != 0) return bad("行末应为 !|");
    std::vector<std::string> fields;
    std::size_t pos = 0;
    while (pos < line.size()) {
      auto sep = line.find("!|", pos);
      fields.push_back(line.substr(pos, sep - pos));
      pos = sep + 2;
    }
    if (fields.size() != 13 && fields.size() != 14)
      return bad("有" + std::to_string(fields.size()) + "个字段，应为13或14个");
    fields.resize(14);
    const std::string& type = fields[6];
    if (type != "01" && type != "02") return bad("交易类型应为01（支付）或02（退款），实际为 \"" + type + "\"");
    if (!IsInteger(fields[7])) return bad("交易金额应为整数（分），实际为 \"" + fields[7] + "\"");
    for (int k : {12, 13})
      if (!fields[static_cast<std::size_t>(k)].empty() && !IsInteger(fields[static_cast<std::size_t>(k)]))
        return bad(kColumns[static_cast<std::size_t>(k)] + "应为整数（分），实际为 \"" + fields[static_cast<std::size_t>(k)] + "\"");
    std::int64_t amt = std::strtoll(fields[7].c_str(), nullptr, 10);
    bool pay = type == "01";
    if (!AddFen(pay ? &payFen : &refundFen, amt)) return bad("交易金额累计超出可表示范围");
    ++(pay ? pays : refunds);
    b.rows.push_back(std::move(fields));
  }
  b.summary = {{"支付笔数", std::to_string(pays)},
               {"支付金额（分）", std::to_string(payFen)},
               {"退款笔数", std::to_string(refunds)},
               {"退款金额（分）", std::to_string(refundFen)}};
  return b;
}

}  // namespace onetrans::bill
