#include "bill/bill.h"
#include "crypto/crypto.h"

namespace onetrans::bill {
namespace {

Result<std::string> Download(transport::HttpClient& http, const std::string& url, const transport::Progress& progress) {
  transport::Failure failure;
  auto resp = http.Get(url, &failure, progress);
  if (!resp.ok()) {
    if (resp.status.message.find("HTTP状态 4") != std::string::npos)
      return Status::Fail(rc::kBadBill, "对账文件下载地址已过期或无效（" + resp.status.message + "）：" + url);
    return resp.status;
  }
  return std::move(resp.value.body);
}

}  // namespace

Result<Bill> FetchAmp(transport::HttpClient& http, const AmpFile& f, const transport::Progress& progress) {
  if (f.downloadUrl.empty()) return Status::Fail(rc::kBadBill, "应答中没有对账文件下载地址 downloadUrl");
  auto zip = Download(http, f.downloadUrl, progress);
  if (!zip.ok()) return zip.status;
  // The digest is checked before anything else reads the file.
  std::string actual = crypto::HexUpper(crypto::Sha1(zip.value));
  if (!crypto::HexEqualsConstantTime(actual, f.digest))
    return Status::Fail(rc::kBadBill, "对账文件SHA1摘要不符：应为 " + f.digest + "，实际为 " + actual);
  std::string want = f.orgCode + "_" + f.subOrgCode + "_" + f.billDate + "_" + f.billType + ".csv";
  auto members = Unzip(zip.value, want);
  if (!members.ok()) return members.status;
  for (const auto& m : members.value)
    if (m.name == want) return ParseAmpCsv(m.bytes, m.name);
  return Status::Fail(rc::kBadBill, "对账压缩文件中缺少 " + want);
}

Result<Bill> FetchQingyuan(transport::HttpClient& http, const std::string& url, const transport::Progress& progress) {
  if (url.empty()) return Status::Fail(rc::kBadBill, "应答中没有对账单下载地址 settleFileUrl");
  auto zip = Download(http, url, progress);
  if (!zip.ok()) return zip.status;
  auto members = Unzip(zip.value, url.substr(url.find_last_of('/') + 1));
  if (!members.ok()) return members.status;
  for (const auto& m : members.value)
    if (m.name.size() > 4 && m.name.compare(m.name.size() - 4, 4, ".txt") == 0) return ParseQingyuanLines(m.bytes, m.name);
  return ParseQingyuanLines(members.value.front().bytes, members.value.front().name);
}

}  // namespace onetrans::bill
