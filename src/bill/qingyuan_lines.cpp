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


class QingyuanLines final : public LineParser {
 public:
  QingyuanLines(std::string file, const BillConfig& limits) : limits_(limits) {
    b_.file = std::move(file);
    b_.columns = kColumns;
  }

  Status Line(std::string_view line, std::size_t lineNo) override {
    if (line.empty()) return Status::Ok();
    auto bad = [&](const std::string& why) {
      return Status::Fail(rc::kBadBill, b_.file + " 第" + std::to_string(lineNo) + "行：" + why);
    };
    if (line.size() < 2 || line.compare(line.size() - 2, 2, "!|") != 0) return bad("行末应为 !|");
    std::vector<std::string> fields;
    std::size_t pos = 0;
    while (pos < line.size()) {
      // More separators than a bill line has fields: not a bill (and not worth splitting further).
      if (fields.size() >= limits_.maxFields || fields.size() > 14) return bad("字段过多，应为13或14个");
      auto sep = line.find("!|", pos);
      fields.emplace_back(line.substr(pos, sep - pos));
      pos = sep + 2;
    }
    if (fields.size() != 13 && fields.size() != 14) return bad("有" + std::to_string(fields.size()) + "个字段，应为13或14个");
    fields.resize(14);
    const std::string& type = fields[6];
    if (type != "01" && type != "02") return bad("交易类型应为01（支付）或02（退款），实际为 " + Quote(type));
    if (!IsInteger(fields[7])) return bad("交易金额应为整数（分），实际为 " + Quote(fields[7]));
    for (std::size_t k : {12u, 13u})
      if (!fields[k].empty() && !IsInteger(fields[k])) return bad(kColumns[k] + "应为整数（分），实际为 " + Quote(fields[k]));
    std::int64_t amt = std::strtoll(fields[7].c_str(), nullptr, 10);
    bool pay = type == "01";
    if (!AddFen(pay ? &payFen_ : &refundFen_, amt)) return bad("交易金额累计超出可表示范围");
    ++(pay ? pays_ : refunds_);
    b_.rows.push_back(std::move(fields));
    return Status::Ok();
  }

  Result<Bill> Finish() override {
    b_.summary = {{"支付笔数", std::to_string(pays_)},
                  {"支付金额（分）", std::to_string(payFen_)},
                  {"退款笔数", std::to_string(refunds_)},
                  {"退款金额（分）", std::to_string(refundFen_)}};
    return std::move(b_);
  }

 private:
  const BillConfig& limits_;
  Bill b_;
  std::int64_t pays_ = 0, refunds_ = 0, payFen_ = 0, refundFen_ = 0;
};

}  // namespace

std::unique_ptr<LineParser> QingyuanLinesParser(const std::string& file, const BillConfig& limits) {
  return std::make_unique<QingyuanLines>(file, limits);
}

}  // namespace onetrans::bill
