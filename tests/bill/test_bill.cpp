// Bill parsers on the seeds' own samples (tests/data/seeds: copied verbatim from the seeds,
// each file naming its section) and on damaged files; unzip and amount helpers.
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>

#include "core/charset.h"
#include "bill/bill.h"
#include "bill/zip_writer.h"
#include "support/text.h"

using namespace onetrans;

namespace {

// A seed sample as the seed prints it: the fixture's first line names its source and is dropped.
std::string Fixture(const char* name) {
  std::ifstream f(std::string(ONETRANS_SEEDS_DIR) + "/" + name, std::ios::binary);
  REQUIRE(f);
  std::string provenance;
  std::getline(f, provenance);
  REQUIRE(provenance.rfind("// seed ", 0) == 0);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string AmpSample() { return Fixture("amp_bill_sample.csv"); }

std::string QingyuanSample() { return Fixture("qingyuan_bill_sample.txt"); }

std::string Value(const bill::Bill& b, std::size_t row, const std::string& column) {
  for (std::size_t i = 0; i < b.columns.size(); ++i)
    if (b.columns[i] == column) return b.rows.at(row).at(i);
  FAIL("no column " << column);
  return "";
}

bool HasWarning(const bill::Bill& b, const std::string& part) {
  for (const auto& w : b.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("AMP: the seed's own CSV sample parses, and its inconsistencies are reported", "[bill]") {
  std::string csv = AmpSample();
  REQUIRE(csv.find("交易完成时间机构编码") != std::string::npos);  // the seed's missing comma is there
  auto b = bill::ParseAmpCsv(csv, "H3502003487226__2022-04-24_ALL.csv");
  REQUIRE(b.ok());
  REQUIRE(b.value.rows.size() == 1);
  CHECK(b.value.columns.size() == 27);
  CHECK(Value(b.value, 0, "交易完成时间") == "2022-04-24 12:00:00");
  CHECK(Value(b.value, 0, "机构编码") == "H3502003487226");
  CHECK(Value(b.value, 0, "区域医保支付门户单据跟踪号") == "AMP3508201712143733500001");
  CHECK(Value(b.value, 0, "费用总额") == "14.01");
  CHECK(Value(b.value, 0, "交易类型") == "REFUND");
  CHECK(Value(b.value, 0, "发送方报文ID") == "12312432423");
  CHECK(HasWarning(b.value, "表头有26列而明细有27列"));
  CHECK(HasWarning(b.value, "汇总交易总笔数为 1，明细合计为 0"));
  CHECK(HasWarning(b.value, "汇总退款总笔数为 0，明细合计为 1"));
  CHECK(HasWarning(b.value, "汇总交易总金额为 148，明细合计为 0.00"));
  CHECK(HasWarning(b.value, "汇总退款总金额为 2288.04，明细合计为 14.01"));
  bool sawDate = false;
  for (const auto& [k, v] : b.value.summary) sawDate |= (k == "账单时间" && v == "2022-04-24");
  CHECK(sawDate);
}

TEST_CASE("AMP: a consistent 28-column file takes its header's names and has no warnings", "[bill]") {
  std::string header = "交易时间,交易完成时间,机构编码,分院编号,机构名称,医保结算时间,院内结算流水号,平台订单号,区域医保支付门户单据跟踪号,支付渠道订单号,省医保移动支付中心订单号,医保挂号登记号,医保结算ID,医药机构结算ID,医保就诊ID,医保人员编号,费用总额,个人账户支付额,个人现金支付额,医保统筹基金支付额,商户订单号,用户证件号,用户证件类型,患者费别,交易类型,交易状态,支付渠道类型,发送方报文ID\n";
  std::string row = "`2022-04-24 12:00:00,`2022-04-24 12:00:00,`H1,`,`医院,`,`,`,`AMP1,`CH1,`ORD1,`,`,`,`MD1,`,`10.50,`0.00,`10.50,`0.00,`M1,`ID1,`01,`01,`TRADE,`SUCCESS,`WX,`\n";
  std::string csv = "#账单时间：2022-04-24\n" + header + row + row +
                    "#交易总笔数：2笔\n#退款总笔数：0笔\n#交易总金额：21.00\n#退款总金额：0.00\n";
  auto b = bill::ParseAmpCsv(csv, "f.csv");
  REQUIRE(b.ok());
  CHECK(b.value.columns.size() == 28);
  CHECK(Value(b.value, 1, "医保就诊ID") == "MD1");
  CHECK(b.value.warnings.empty());
  // The same file saved by Excel in GBK reads the same.
  auto gbk = bill::ParseAmpCsv(test::Gbk(csv), "f.csv");
  REQUIRE(gbk.ok());
  CHECK(Value(gbk.value, 0, "机构名称") == "医院");
}

TEST_CASE("AMP: damaged files are errors naming file and line", "[bill]") {
  std::string header = "a,b\n";
  auto bad = [&](const std::string& body) { return bill::ParseAmpCsv("#x\n" + header + body, "bad.csv").status; };
  CHECK(bad("`1,2\n").message == "bad.csv 第3行：明细字段应以 ` 开头：\"2\"");
  CHECK(bad("`1,`2,`3\n").message.find("bad.csv 第3行：明细有3列，应为27或28列") == 0);
  std::string row27;
  for (int i = 0; i < 27; ++i) row27 += (i ? ",`" : "`") + std::string(i == 15 ? "abc" : "x")  /* 费用总额 in the 27-column layout */;
  CHECK(bad(row27 + "\n").message.find("费用总额 \"abc\" 不是金额") != std::string::npos);
  CHECK(bad(row27 + "\n`1\n").code == rc::kBadBill);
  CHECK(bill::ParseAmpCsv("#only comments\n", "e.csv").status.message == "e.csv：缺少明细表头行");
}

TEST_CASE("Qingyuan: the seed's own `!|` sample parses (13 fields)", "[bill]") {
  std::string text = QingyuanSample();
  auto b = bill::ParseQingyuanLines(text, "sample.txt");
  REQUIRE(b.ok());
  REQUIRE(b.value.rows.size() == 2);
  CHECK(b.value.rows[0][0] == "0000000010118724");
  CHECK(b.value.rows[0][2] == "张三");
  CHECK(b.value.rows[0][7] == "9547");
  CHECK(b.value.rows[1][7] == "11227");
  CHECK(b.value.rows[0][13].empty());  // 商保结算金额 is absent in the seed's lines
  CHECK(b.value.summary[1].second == "20774");
}

TEST_CASE("Qingyuan: damaged lines are errors naming file and line", "[bill]") {
  const std::string ok = "Q1!|O1!|张三!|4209**2472!|20220804!|165056!|01!|9547!|6228**9569!|hos00001!|!|!|0!|0!|\n";
  auto bad = [&](const std::string& line) { return bill::ParseQingyuanLines(ok + line, "b.txt").status.message; };
  CHECK(bad("Q2!|O2") == "b.txt 第2行：行末应为 !|");
  CHECK(bad("Q2!|O2!|x!|") == "b.txt 第2行：有3个字段，应为13或14个");
  CHECK(bad("Q2!|O2!|张三!|4209!|20220804!|165056!|03!|1!|c!|h!|!|!|0!|") == "b.txt 第2行：交易类型应为01（支付）或02（退款），实际为 \"03\"");
  CHECK(bad("Q2!|O2!|张三!|4209!|20220804!|165056!|01!|95.47!|c!|h!|!|!|0!|") == "b.txt 第2行：交易金额应为整数（分），实际为 \"95.47\"");
  // Found by fuzz_qingyuan_bill: an amount too long for 64 bits is a malformed line, not a crash.
  CHECK(bad("Q2!|O2!|张三!|4209!|20220804!|165056!|01!|10122111111111111111111!|c!|h!|!|!|0!|").find("交易金额应为整数") != std::string::npos);
}

namespace {

Result<bill::Bill> ReadZip(const std::string& zip, const BillConfig& limits = {}) {
  return bill::ParseZipMember(
      zip, "x.zip", [](const std::vector<std::string>& names) { return names.empty() ? -1 : 0; },
      [&](const std::string& name) { return bill::QingyuanLinesParser(name, limits); }, limits);
}

const std::string kLine = "Q1!|O1!|张三!|4209**2472!|20220804!|165056!|01!|9547!|6228**9569!|hos00001!|!|!|0!|0!|\n";

}  // namespace

TEST_CASE("zip: corrupt or empty archives are 000108", "[bill]") {
  CHECK(ReadZip("").status.code == rc::kBadBill);
  auto corrupt = ReadZip("PK\x03\x04garbage-that-is-not-a-zip");
  CHECK(corrupt.status.code == rc::kBadBill);
  CHECK(corrupt.status.message.find("x.zip：不是有效的zip压缩文件") == 0);
  auto zip = bill::ZipOne("a.txt", kLine);
  REQUIRE(zip);
  auto ok = ReadZip(*zip);
  REQUIRE(ok.ok());
  CHECK(ok.value.rows.size() == 1);
  CHECK(ok.value.file == "a.txt");
}

TEST_CASE("bill bombs: bytes, line length and fields per line are bounded; echoes are cut", "[bill][hostile]") {
  BillConfig limits;
  limits.maxBytes = 1u << 20;
  limits.maxLineBytes = 4096;
  // A member that inflates past bill.maxBytes stops there, without holding it all.
  std::string lines;
  while (lines.size() <= (2u << 20)) lines += kLine;
  auto big = bill::ZipOne("big.txt", lines);
  REQUIRE(big);
  CHECK(big->size() < 200000);  // it is a bomb: small on the wire
  auto r = ReadZip(*big, limits);
  CHECK(r.status.code == rc::kBadBill);
  CHECK(r.status.message.find("超过 1048576 字节（bill.maxBytes）") != std::string::npos);
  // A line of separators only: refused at the field bound, not split into millions of fields.
  auto seps = bill::ZipOne("s.txt", std::string(1000, '!') + "|" + std::string(2000, '|'));
  REQUIRE(seps);
  auto manyFields = bill::ParseQingyuanLines(std::string(3000, 'x') + std::string("!|").append(std::string(2, '!')) + "\n", "f.txt");
  CHECK(manyFields.status.code == rc::kBadBill);
  std::string separators;
  for (int i = 0; i < 100000; ++i) separators += "!|";
  auto sepBomb = bill::ParseQingyuanLines(separators + "\n", "f.txt", limits);
  CHECK(sepBomb.status.code == rc::kBadBill);
  CHECK(sepBomb.status.message.size() < 300);
  // One endless line: refused at bill.maxLineBytes, naming the line.
  auto longLine = bill::ParseQingyuanLines(kLine + std::string(10000, 'a') + "!|\n", "f.txt", limits);
  CHECK(longLine.status.message == "f.txt 第2行：超过 4096 字节（bill.maxLineBytes）");
  // A huge field echoed in an error is cut to 40 characters, whole characters only.
  std::string field(3000, '\xe5');
  std::string wide;
  for (int i = 0; i < 1000; ++i) wide += "张";
  auto echo = bill::ParseQingyuanLines("Q!|O!|x!|y!|20220804!|165056!|" + wide + "!|1!|c!|h!|!|!|0!|\n", "f.txt");
  CHECK(echo.status.code == rc::kBadBill);
  CHECK(echo.status.message.size() < 300);
  CHECK(charset::CheckUtf8(echo.status.message).ok());
  // Only the bill member is decompressed: six members that inflate past the bound are never read.
  std::vector<std::pair<std::string, std::string>> members;
  for (int i = 0; i < 6; ++i) members.emplace_back("junk" + std::to_string(i) + ".bin", std::string(3u << 20, 'z'));
  members.emplace_back("bill.txt", kLine);
  auto many = bill::ZipMany(members);
  REQUIRE(many);
  auto only = bill::ParseZipMember(
      *many, "m.zip",
      [](const std::vector<std::string>& names) {
        for (std::size_t i = 0; i < names.size(); ++i)
          if (names[i] == "bill.txt") return static_cast<int>(i);
        return -1;
      },
      [&](const std::string& name) { return bill::QingyuanLinesParser(name, limits); }, limits);
  REQUIRE(only.ok());
  CHECK(only.value.rows.size() == 1);
}

TEST_CASE("amounts in 元 convert to 分 exactly", "[bill]") {
  std::int64_t fen = 0;
  CHECK((bill::YuanToFen("14.01", &fen) && fen == 1401));
  CHECK((bill::YuanToFen("148", &fen) && fen == 14800));
  CHECK((bill::YuanToFen("0.5", &fen) && fen == 50));
  CHECK((bill::YuanToFen("-2.30", &fen) && fen == -230));
  CHECK_FALSE(bill::YuanToFen("1.234", &fen));
  CHECK_FALSE(bill::YuanToFen("1.", &fen));
  CHECK_FALSE(bill::YuanToFen("abc", &fen));
  // Found by fuzz_amp_bill: 18 digits of 元 overflowed the conversion to 分.
  CHECK_FALSE(bill::YuanToFen("148201712143733500", &fen));
  CHECK((bill::YuanToFen("9999999999999.99", &fen) && fen == 999999999999999));
  CHECK_FALSE(bill::YuanToFen("10000000000000", &fen));
  std::int64_t sum = INT64_MAX - 1;
  CHECK(bill::AddFen(&sum, 1));
  CHECK_FALSE(bill::AddFen(&sum, 1));
  CHECK(bill::FenToYuan(1401) == "14.01");
  CHECK(bill::FenToYuan(5) == "0.05");
  CHECK(bill::FenToYuan(-230) == "-2.30");
}
