// Downloading a bill: GET the file the platform pointed to, check its digest (AMP: SHA1,
// before anything reads it), then parse the one member that is the bill (bill/).
#pragma once
#include <string>

#include "bill/bill.h"
#include "transport/http.h"

namespace onetrans::exchange {

struct AmpBillFile {
  std::string downloadUrl, digest, orgCode, subOrgCode, billDate, billType;
};
Result<bill::Bill> FetchAmpBill(transport::HttpClient& http, const AmpBillFile& f, const BillConfig& limits,
                                const transport::Progress& progress = {});
Result<bill::Bill> FetchQingyuanBill(transport::HttpClient& http, const std::string& url, const BillConfig& limits,
                                     const transport::Progress& progress = {});

}  // namespace onetrans::exchange
