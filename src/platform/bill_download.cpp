#include "platform/bill_download.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "bill/bill.h"

namespace onetrans::platform {

bool WantsDownload(const json::Value& input) {
  const json::Value* d = json::Find(input, "download");
  return d != nullptr && d->IsBool() && d->GetBool();
}

Status AttachBill(const Runtime& rt, const catalog::Interface& itf, const json::Value& requestData, json::Document* answer) {
  Result<bill::Bill> b = Status::Fail(rc::kInvalidInput, "该交易没有对账文件可下载");
  if (itf.bill == "amp") {
    bill::AmpFile f;
    f.downloadUrl = json::GetStringOr(*answer, "downloadUrl", "");
    f.digest = json::GetStringOr(*answer, "digest", "");
    f.orgCode = json::GetStringOr(requestData, "orgCode", "");
    f.subOrgCode = json::GetStringOr(requestData, "subOrgCode", "");
    f.billDate = json::GetStringOr(requestData, "billDate", "");
    f.billType = json::GetStringOr(requestData, "billType", "");
    b = bill::FetchAmp(rt.http(), f);
  } else if (itf.bill == "qingyuan") {
    b = bill::FetchQingyuan(rt.http(), json::GetStringOr(*answer, "settleFileUrl", ""));
  }
  if (!b.ok()) return b.status;
  json::Document parsed(&answer->GetAllocator());
  json::Parse(bill::ToJson(b.value), &parsed);
  json::Set(*answer, "bill", json::Value(parsed, answer->GetAllocator()), answer->GetAllocator());
  return Status::Ok();
}

Outcome BillFailure(const Status& st, const json::Value& answer) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("code");
  w.Int(-1);
  w.Key("message");
  w.String(st.message.c_str(), static_cast<rapidjson::SizeType>(st.message.size()));
  w.Key("data");
  answer.Accept(w);
  w.EndObject();
  return Outcome{st.code, std::string(buf.GetString(), buf.GetSize())};
}

}  // namespace onetrans::platform
