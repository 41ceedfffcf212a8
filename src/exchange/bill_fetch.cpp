#include "exchange/bill_fetch.h"

#include "crypto/crypto.h"

namespace onetrans::exchange {
namespace {

Result<std::string> Download(transport::HttpClient& http, const std::string& url, const transport::Progress& progress) {
  transport::Failure failure;
  auto resp = http.Get(url, &failure, progress);
  if (!resp.ok()) {
    if (resp.status.message.find("HTTP状态 4") != std::string::npos)
      return Status::Fail(rc::kBadBill, "对账文件下载地址已过期或无效（" + resp.status.message + "）：" + bill::Quote(url));
    return resp.status;
  }
  return std::move(resp.value.body);
}

bool EndsWith(const std::string& s, const char* suffix) {
  std::string x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

}  // namespace

Result<bill::Bill> FetchAmpBill(transport::HttpClient& http, const AmpBillFile& f, const BillConfig& limits,
                                const transport::Progress& progress) {
  if (f.downloadUrl.empty()) return Status::Fail(rc::kBadBill, "应答中没有对账文件下载地址 downloadUrl");
  auto zip = Download(http, f.downloadUrl, progress);
  if (!zip.ok()) return zip.status;
  // The digest is checked before anything else reads the file.
  std::string actual = crypto::HexUpper(crypto::Sha1(zip.value));
  if (!crypto::HexEqualsConstantTime(actual, f.digest))
    return Status::Fail(rc::kBadBill, "对账文件SHA1摘要不符：应为 " + bill::Quote(f.digest) + "，实际为 " + actual);
  // {orgCode}_{subOrgCode}_{billDate}_{billType}.csv (PROTOCOL §6); without a sub-organisation
  // the two underscores stay.
  std::string want = f.orgCode + "_" + f.subOrgCode + "_" + f.billDate + "_" + f.billType + ".csv";
  return bill::ParseZipMember(
      zip.value, want,
      [&](const std::vector<std::string>& names) {
        for (std::size_t i = 0; i < names.size(); ++i)
          if (names[i] == want) return static_cast<int>(i);
        return -1;
      },
      [&](const std::string& name) { return bill::AmpCsvParser(name, limits); }, limits);
}

Result<bill::Bill> FetchQingyuanBill(transport::HttpClient& http, const std::string& url, const BillConfig& limits,
                                     const transport::Progress& progress) {
  if (url.empty()) return Status::Fail(rc::kBadBill, "应答中没有对账单下载地址 settleFileUrl");
  auto zip = Download(http, url, progress);
  if (!zip.ok()) return zip.status;
  return bill::ParseZipMember(
      zip.value, url.substr(url.find_last_of('/') + 1),
      [](const std::vector<std::string>& names) {
        for (std::size_t i = 0; i < names.size(); ++i)
          if (EndsWith(names[i], ".txt")) return static_cast<int>(i);
        return names.size() == 1 ? 0 : -1;
      },
      [&](const std::string& name) { return bill::QingyuanLinesParser(name, limits); }, limits);
}

}  // namespace onetrans::exchange
