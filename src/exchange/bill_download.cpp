#include "exchange/bill_download.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "exchange/bill_fetch.h"

namespace onetrans::exchange {

bool WantsDownload(const json::Value& input) {
  const json::Value* d = json::Find(input, "download");
  return d != nullptr && d->IsBool() && d->GetBool();
}

Status AttachBill(const Runtime& rt, const catalog::Interface& itf, const json::Value& requestData, json::Document* answer) {
  Result<bill::Bill> b = Status::Fail(rc::kInvalidInput, "该交易没有对账文件可下载");
  if (itf.bill == "amp") {
    AmpBillFile f;
    f.downloadUrl = json::GetStringOr(*answer, "downloadUrl", "");
    f.digest = json::GetStringOr(*answer, "digest", "");
    f.orgCode = json::GetStringOr(requestData, "orgCode", "");
    f.subOrgCode = json::GetStringOr(requestData, "subOrgCode", "");
    f.billDate = json::GetStringOr(requestData, "billDate", "");
    f.billType = json::GetStringOr(requestData, "billType", "");
    b = FetchAmpBill(rt.http(), f, rt.config().bill);
  } else if (itf.bill == "qingyuan") {
    b = FetchQingyuanBill(rt.http(), json::GetStringOr(*answer, "settleFileUrl", ""), rt.config().bill);
  }
  if (!b.ok()) return b.status;
  json::Document parsed(&answer->GetAllocator());
  json::Limits ours;  // our own serialisation: no need to look for duplicate keys again
  ours.rejectDuplicateKeys = false;
  if (Status st = json::Parse(bill::ToJson(b.value), &parsed, ours); !st.ok()) return st;
  json::Set(*answer, "bill", json::Value(parsed, answer->GetAllocator()), answer->GetAllocator());
  return Status::Ok();
}

Outcome BillFailure(const Status& st, const json::Value& answer) {
  return Output(-1, st.message, Origin::kLocal).Value("data", &answer).Finish(st.code, Origin::kLocal);
}

}  // namespace onetrans::exchange
