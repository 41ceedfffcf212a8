// The AMP bill CSV (seed 001 "对账单csv示例"). Its own sample header lacks a comma
// (交易完成时间机构编码) and its field table has one column more than the sample rows, so
// columns come from the header when it matches the rows, else from the standard layouts.
#include <map>

#include "bill/bill.h"
#include "core/charset.h"
#include "core/json.h"

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


// Splits on `sep`, refusing more than maxFields fields (a line of separators is not a bill).
bool SplitBounded(std::string_view line, char sep, std::size_t maxFields, std::vector<std::string>* out) {
  out->clear();
  std::size_t start = 0;
  while (true) {
    if (out->size() == maxFields) return false;
    auto pos = line.find(sep, start);
    out->emplace_back(line.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return true;
    start = pos + 1;
  }
}

class AmpCsv final : public LineParser {
 public:
  AmpCsv(std::string file, const BillConfig& limits) : limits_(limits) { b_.file = std::move(file); }

  Status Line(std::string_view raw, std::size_t lineNo) override {
    std::string line;
    Status st = Decode(raw, lineNo, &line);
    if (!st.ok()) return st;
    if (lineNo == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (line.empty()) return Status::Ok();
    auto bad = [&](const std::string& why) {
      return Status::Fail(rc::kBadBill, b_.file + " 第" + std::to_string(lineNo) + "行：" + why);
    };
    if (line[0] == '#') {
      std::string key, value;
      if (KeyValue(std::string_view(line).substr(1), &key, &value)) {
        if (b_.summary.size() >= 64) return bad("汇总行过多");
        b_.summary.emplace_back(key, value);
      }
      return Status::Ok();
    }
    if (!inDetail_) {
      if (!SplitBounded(line, ',', limits_.maxFields, &header_)) return bad("表头超过 " + std::to_string(limits_.maxFields) + " 列（bill.maxFields）");
      headerLine_ = lineNo;
      inDetail_ = true;
      return Status::Ok();
    }
    std::vector<std::string> fields;
    if (!SplitBounded(line, ',', limits_.maxFields, &fields)) return bad("超过 " + std::to_string(limits_.maxFields) + " 列（bill.maxFields）");
    for (auto& f : fields) {
      if (f.empty() || f[0] != '`') return bad("明细字段应以 ` 开头：" + Quote(f));
      f.erase(0, 1);
    }
    if (b_.columns.empty()) {
      if (header_.size() == fields.size()) {
        b_.columns = header_;
      } else if (fields.size() == 27 || fields.size() == 28) {
        b_.columns = fields.size() == 28 ? Layout28() : Layout27();
        b_.warnings.push_back(b_.file + " 第" + std::to_string(headerLine_) + "行：表头有" + std::to_string(header_.size()) +
                              "列而明细有" + std::to_string(fields.size()) + "列，已按" + std::to_string(fields.size()) +
                              "列标准布局解析");
      } else {
        return bad("明细有" + std::to_string(fields.size()) + "列，应为27或28列");
      }
      typeCol_ = Column(b_.columns, "交易类型");
      amountCol_ = Column(b_.columns, "费用总额");
    }
    if (fields.size() != b_.columns.size())
      return bad("明细有" + std::to_string(fields.size()) + "列，与前面的" + std::to_string(b_.columns.size()) + "列不一致");
    if (typeCol_ >= 0 && amountCol_ >= 0) {
      std::int64_t fen = 0;
      const std::string& amount = fields[static_cast<std::size_t>(amountCol_)];
      if (!YuanToFen(amount, &fen)) return bad("费用总额 " + Quote(amount) + " 不是金额");
      bool refund = fields[static_cast<std::size_t>(typeCol_)] == "REFUND";
      if (!AddFen(refund ? &refundFen_ : &tradeFen_, fen)) return bad("费用总额累计超出可表示范围");
      ++(refund ? refunds_ : trades_);
    }
    b_.rows.push_back(std::move(fields));
    return Status::Ok();
  }

  Result<Bill> Finish() override {
    if (!inDetail_) return Status::Fail(rc::kBadBill, b_.file + "：缺少明细表头行");
    if (b_.columns.empty()) b_.columns = header_;
    // Cross-check the summary against the rows.
    std::map<std::string, std::string> computed = {{"交易总笔数", std::to_string(trades_)},
                                                   {"退款总笔数", std::to_string(refunds_)},
                                                   {"交易总金额", FenToYuan(tradeFen_)},
                                                   {"退款总金额", FenToYuan(refundFen_)}};
    for (const auto& [key, value] : b_.summary) {
      auto it = computed.find(key);
      if (it == computed.end()) continue;
      std::string stated = LeadingNumber(value);
      bool money = key.find("金额") != std::string::npos;
      std::int64_t a = 0, c = 0;
      bool agree = money ? (YuanToFen(stated, &a) && YuanToFen(it->second, &c) && a == c) : stated == it->second;
      if (!agree)
        b_.warnings.push_back(b_.file + "：汇总" + key + "为 " + (stated.empty() ? json::Utf8Prefix(value, 40) : stated) +
                              "，明细合计为 " + it->second);
    }
    return std::move(b_);
  }

 private:
  // UTF-8, or GBK: decided by the first line that is not plain ASCII, then kept for the file.
  Status Decode(std::string_view raw, std::size_t lineNo, std::string* out) {
    if (encoding_ == Encoding::Unknown) {
      bool ascii = true;
      for (char c : raw) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
      if (!ascii) encoding_ = charset::CheckUtf8(raw).ok() ? Encoding::Utf8 : Encoding::Gbk;
    }
    if (encoding_ == Encoding::Gbk) {
      auto utf8 = charset::GbkToUtf8(raw);
      if (!utf8.ok()) return Status::Fail(rc::kBadBill, b_.file + " 第" + std::to_string(lineNo) + "行：既不是UTF-8也不是GBK编码");
      *out = std::move(utf8.value);
      return Status::Ok();
    }
    if (encoding_ == Encoding::Utf8 && !charset::CheckUtf8(raw).ok())
      return Status::Fail(rc::kBadBill, b_.file + " 第" + std::to_string(lineNo) + "行：不是合法的UTF-8编码");
    out->assign(raw);
    return Status::Ok();
  }

  enum class Encoding { Unknown, Utf8, Gbk };
  const BillConfig& limits_;
  Bill b_;
  Encoding encoding_ = Encoding::Unknown;
  std::vector<std::string> header_;
  std::size_t headerLine_ = 0;
  bool inDetail_ = false;
  int typeCol_ = -1, amountCol_ = -1;
  std::int64_t trades_ = 0, refunds_ = 0, tradeFen_ = 0, refundFen_ = 0;
};

}  // namespace

std::unique_ptr<LineParser> AmpCsvParser(const std::string& file, const BillConfig& limits) {
  return std::make_unique<AmpCsv>(file, limits);
}

}  // namespace onetrans::bill
