#include "sandbox/hospital_caller.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "caller/sample.h"
#include "catalog/catalog.h"
#include "core/clock.h"
#include "core/json.h"
#include "crypto/crypto.h"

namespace onetrans::sandbox {
namespace {

TransportConfig CallerTransport() {
  TransportConfig t;
  t.readTimeoutMs = 15000;  // a HIS may take its time; the gateway's own timeout is shorter
  return t;
}

const catalog::Catalog& CatalogOf(const std::string& route) {
  if (route == "qingyuan") return catalog::Qingyuan();
  if (route == "amp") return catalog::Amp();
  if (route == "yzt") return catalog::Yzt();
  return catalog::Mpay();
}

// A field of an answer's business data, or of its first list item.
std::string FromAnswer(const caller::Answer& a, const char* field, const char* list = nullptr) {
  json::Document d;
  if (!json::Parse(a.data, &d).ok() || !d.IsObject()) return "";
  if (list == nullptr) return json::Text(d, field);
  const json::Value* l = json::Find(d, list);
  if (l == nullptr || !l->IsArray() || l->Empty()) return "";
  return json::Text((*l)[0], field);
}

std::string Id(const char* prefix) { return prefix + clock::Format("%Y%m%d%H%M%S") + crypto::RandomAlnum(6); }

}  // namespace

HospitalCaller::HospitalCaller(std::string hospitalUrl, caller::Credentials creds)
    : url_(std::move(hospitalUrl)), creds_(std::move(creds)), http_(CallerTransport()) {
  worker_ = std::thread([this] {
    for (;;) {
      std::function<void()> flow;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (stop_ && queue_.empty()) return;
        flow = std::move(queue_.front());
        queue_.pop_front();
        ++running_;
      }
      try {
        flow();
      } catch (...) {
        // a flow that failed is recorded by its calls; the next flow still runs
      }
      std::lock_guard<std::mutex> lock(mu_);
      --running_;
    }
  });
}

HospitalCaller::~HospitalCaller() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  worker_.join();
}

bool HospitalCaller::enabled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !url_.empty();
}

void HospitalCaller::SetUrl(std::string url) {
  std::lock_guard<std::mutex> lock(mu_);
  url_ = std::move(url);
}

std::string HospitalCaller::Url(const std::string& url) const {
  if (!url.empty()) return url;
  std::lock_guard<std::mutex> lock(mu_);
  return url_;
}

void HospitalCaller::Enqueue(std::function<void()> flow) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(flow));
  }
  cv_.notify_one();
}

std::size_t HospitalCaller::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size() + running_;
}

caller::Answer HospitalCaller::Send(const std::string& flow, const std::string& route, const std::string& api,
                                    const std::string& url, const std::map<std::string, std::string>& overrides) {
  const catalog::Catalog& c = CatalogOf(route);
  const catalog::Interface* itf = c.Find(api);
  std::string data = caller::Sample(c, *itf, caller::Side::Request, overrides);
  caller::Answer a = caller::Call(http_, url, route, *itf, data, creds_);
  Record r;
  r.flow = flow;
  r.api = api;
  r.request = data;
  r.http = a.http;
  r.code = a.code;
  r.message = a.message;
  r.error = a.transportError;
  r.ok = caller::Succeeded(route, a);
  r.verified = a.verified;
  r.answer = a.data;
  std::lock_guard<std::mutex> lock(mu_);
  r.seq = static_cast<int>(records_.size()) + 1;
  records_.push_back(std::move(r));
  return a;
}

void HospitalCaller::AmpPaid(const PortalPayment& p, const std::string& url) {
  std::string target = Url(url);
  if (target.empty()) return;
  Enqueue([this, p, target] {
    std::map<std::string, std::string> who = {{"org_code", p.orgCode}, {"mdtrt_cert_type", "02"}, {"mdtrt_cert_no", p.idNo},
                                              {"cert_no", p.idNo}, {"account_type", "01"}};
    if (!p.subOrgCode.empty()) who["sub_org_code"] = p.subOrgCode;
    Send("amp", "amp", "ORG_001", target, who);
    caller::Answer bills = Send("amp", "amp", "ORG_002", target, who);
    // The hospital's pending bill, if it listed one; else the order the push named.
    std::string doc = FromAnswer(bills, "doc_trace_no", "unsettlelist");
    auto settle = who;
    settle["org_trace_no"] = p.orgTraceNo;
    settle["amp_trace_id"] = p.ampTraceId;
    settle["doc_trace_no"] = doc.empty() ? "DOC" + p.orgTraceNo : doc;
    settle["feesum_amt"] = p.totalYuan;
    settle["deposit_amount"] = p.cashYuan;
    settle["trace_id"] = p.traceId;
    settle["used_patient_type"] = "01";
    settle["pay_chnl_trace_no"] = "CH" + p.traceId;
    settle["mch_trace_no"] = "MCH" + p.payOrdId;
    caller::Answer booked = Send("amp", "amp", "ORG_003", target, settle);
    // No answer, or "exp": ask again with ORG_004, as the portal does before anything else.
    if (!booked.delivered || FromAnswer(booked, "result") == "exp" || booked.code == "99") {
      auto query = who;
      query["org_trace_no"] = p.orgTraceNo;
      Send("amp", "amp", "ORG_004", target, query);
    }
  });
}

void HospitalCaller::ClaimFiled(const std::string& treatmentSerialNo, const std::string& idNo, const std::string& url) {
  std::string target = Url(url);
  if (target.empty()) return;
  Enqueue([this, treatmentSerialNo, idNo, target] {
    std::string today = clock::Format("%Y%m%d");
    Send("qingyuan", "qingyuan", "HIS00003", target,
         {{"medStartDate", today}, {"medEndDate", today}, {"idNo", idNo}, {"medType", "0040"}});
    Send("qingyuan", "qingyuan", "HIS00002", target,
         {{"idNo", idNo}, {"treatmentSerialNo", treatmentSerialNo}, {"insuranceId", "INS00001"}, {"insuranceName", "惠民保"},
          {"claimType", "2"}});
  });
}

void HospitalCaller::ClaimSettled(const std::string& treatmentSerialNo, const std::string& idNo, const std::string& url) {
  std::string target = Url(url);
  if (target.empty()) return;
  Enqueue([this, treatmentSerialNo, idNo, target] {
    Send("qingyuan", "qingyuan", "HIS00004", target,
         {{"treatmentSerialNo", treatmentSerialNo}, {"idNo", idNo}, {"hospitalId", "QYH44180200001"}, {"claimNode", "3"},
          {"insuranceId", "INS00001"}, {"insuranceName", "惠民保"}, {"claimType", "2"}});
  });
}

void HospitalCaller::Yzt(const std::string& url) {
  std::string target = Url(url);
  if (target.empty()) return;
  Enqueue([this, target] {
    std::map<std::string, std::string> who = {{"idNo", "441802198708081050"}, {"idType", "01"}, {"userName", "张三丰"}};
    caller::Answer cards = Send("yzt", "yzt", "op_query_card_list", target, who);
    std::string card = FromAnswer(cards, "cardNo", "out_curdata");
    std::string traceNoIn = Id("TI");
    auto transfer = who;
    transfer["toCardNo"] = card.empty() ? "CARD0001" : card;
    transfer["traceNoIn"] = traceNoIn;
    transfer["accountType"] = "01";
    transfer["channelType"] = "05";
    Send("yzt", "yzt", "op_yjj_account_transfer_in", target, transfer);
    Send("yzt", "yzt", "op_query_transfer_in_result", target, {{"traceNoIn", traceNoIn}});
  });
}

void HospitalCaller::Mpay(const std::string& url) {
  std::string target = Url(url);
  if (target.empty()) return;
  Enqueue([this, target] {
    std::string medOrgOrd = Id("MO");
    caller::Answer order = Send("mpay", "mpay", "MPAY_001", target,
                                {{"PATIENT_ID", "P0001"}, {"CATEGORY", "2"}, {"ORDER_ID", "RX0001|RX0002"},
                                 {"ID_NO", "441802198708081050"}, {"PATIENT_NAME", "张三丰"}, {"medOrgOrd", medOrgOrd},
                                 {"TOTAL", "35.80"}});
    std::string payOrdId = FromAnswer(order, "payOrdId");
    Send("mpay", "mpay", "MPAY_002", target,
         {{"payOrdId", payOrdId.empty() ? "ORD" + medOrgOrd : payOrdId}, {"PATIENT_ID", "P0001"}, {"VISIT_ID", "V0001"},
          {"medOrgOrd", medOrgOrd}});
  });
}

std::string HospitalCaller::Json() const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  std::lock_guard<std::mutex> lock(mu_);
  w.StartObject();
  w.Key("calls");
  w.StartArray();
  for (const auto& r : records_) {
    w.StartObject();
    w.Key("seq");
    w.Int(r.seq);
    for (const auto& [k, v] : {std::pair<const char*, const std::string*>{"flow", &r.flow}, {"api", &r.api}, {"code", &r.code},
                               {"message", &r.message}, {"error", &r.error}})
      json::WriteField(w, k, *v);
    w.Key("http");
    w.Int(r.http);
    w.Key("ok");
    w.Bool(r.ok);
    w.Key("verified");
    w.Bool(r.verified);
    for (const auto& [k, v] : {std::pair<const char*, const std::string*>{"request", &r.request}, {"answer", &r.answer}}) {
      w.Key(k);
      json::Document d;
      if (json::Parse(*v, &d).ok()) {
        d.Accept(w);
      } else {
        w.String(v->c_str(), static_cast<rapidjson::SizeType>(v->size()));
      }
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("pending");
  w.Uint64(queue_.size() + running_);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace onetrans::sandbox
