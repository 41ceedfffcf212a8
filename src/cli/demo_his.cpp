#include "cli/demo_his.h"

#include "bill/bill.h"
#include "caller/sample.h"
#include "catalog/catalog.h"
#include "core/json.h"

namespace onetrans::cli {
namespace {

const catalog::Catalog* CatalogOf(const std::string& platform) {
  for (const catalog::Catalog* c : catalog::All())
    if (c->platform() == platform) return c;
  return nullptr;
}

// An order's total as the 公众号 answer splits it: 40% from the fund, the rest paid by the patient.
void Split(const std::string& totalYuan, std::map<std::string, std::string>* out) {
  std::int64_t total = 0;
  if (!bill::YuanToFen(totalYuan, &total)) return;
  std::int64_t fund = total * 4 / 10;
  (*out)["feeSumamt"] = bill::FenToYuan(total);
  (*out)["fundPay"] = bill::FenToYuan(fund);
  (*out)["ownPayAmt"] = bill::FenToYuan(total - fund);
  (*out)["psnAcctPay"] = "0.00";
}

}  // namespace

void DemoHis::Owe(const std::string& orgTraceNo, const std::string& idNo, const std::string& amountYuan) {
  std::lock_guard<std::mutex> lock(mu_);
  Bill& b = bills_[orgTraceNo];
  b.idNo = idNo;
  b.amountYuan = amountYuan;
  b.docTraceNo = "DOC" + orgTraceNo;
}

std::vector<std::string> DemoHis::TakeEvents() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  out.swap(events_);
  return out;
}

int DemoHis::booked(const std::string& orgTraceNo, std::string* amountYuan) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = bills_.find(orgTraceNo);
  if (it == bills_.end()) return 0;
  if (amountYuan != nullptr) *amountYuan = it->second.amountYuan;
  return it->second.booked;
}

std::string DemoHis::Answer(const std::string& request) {
  json::Document req;
  if (!json::Parse(request, &req).ok() || !req.IsObject()) return "";
  std::string platform = json::GetStringOr(req, "platform", ""), api = json::GetStringOr(req, "api", "");
  const catalog::Catalog* c = CatalogOf(platform);
  const catalog::Interface* itf = c != nullptr ? c->Find(api) : nullptr;
  const json::Value* data = json::Find(req, "data");
  if (itf == nullptr || data == nullptr || !data->IsObject()) return "";
  auto in = [&](const char* name) { return json::Text(*data, name); };

  // What the request names and the reply repeats (traceNoIn, payOrdId, medOrgOrd, cert_no …).
  std::map<std::string, std::string> out;
  for (const auto& f : itf->response)
    if (json::Find(*data, f.name.c_str()) != nullptr && f.type == catalog::Type::String) out[f.name] = in(f.name.c_str());

  std::lock_guard<std::mutex> lock(mu_);
  std::string sn = "HIS" + std::to_string(100000 + ++serial_);
  if (api == "ORG_001") {
    out["psn_name"] = "周大鹏";
    out["balance"] = bill::FenToYuan(balanceFen_);
  } else if (api == "ORG_002") {
    for (const auto& [orgTraceNo, b] : bills_) {
      if (b.idNo != in("cert_no") || b.booked > 0) continue;
      out["unsettlelist.org_trace_no"] = orgTraceNo;
      out["unsettlelist.doc_trace_no"] = b.docTraceNo;
      out["unsettlelist.medfee_sumamt"] = b.amountYuan;
      out["unsettlelist.cert_no"] = b.idNo;
      out["unsettlelist.mdtrt_cert_no"] = b.idNo;
      out["unsettlelist.psn_name"] = "周大鹏";
      events_.push_back("待缴费用 pending bill " + orgTraceNo + "：" + b.amountYuan + " 元");
      break;
    }
  } else if (api == "ORG_003") {
    auto it = bills_.find(in("org_trace_no"));
    if (it == bills_.end()) {
      out["result"] = "fail";
      out["ret_msg"] = "无此待缴费用";
    } else {
      Bill& b = it->second;
      if (b.booked == 0) {
        b.ampTraceId = in("amp_trace_id");
        b.callSn = sn;
        events_.push_back("入账 booked " + it->first + "：" + b.amountYuan + " 元，amp_trace_id=" + b.ampTraceId +
                          "，收据号 " + sn);
      }
      ++b.booked;
      out["result"] = "succ";
      out["call_sn"] = b.callSn;
    }
  } else if (api == "ORG_004") {
    auto it = bills_.find(in("org_trace_no"));
    out["result"] = it != bills_.end() && it->second.booked > 0 ? "succ" : "fail";
    if (it != bills_.end()) out["call_sn"] = it->second.callSn;
  } else if (api == "op_yjj_account_transfer_in") {
    if (transfers_.emplace(in("traceNoIn"), sn).second) {
      balanceFen_ += 10000;
      events_.push_back("预交金转入 transfer " + in("traceNoIn") + "：100.00 元，余额 " + bill::FenToYuan(balanceFen_) + " 元");
    }
    out["callSn"] = transfers_[in("traceNoIn")];
    out["toCardBalance"] = bill::FenToYuan(balanceFen_);
  } else if (api == "op_query_transfer_in_result") {
    bool done = transfers_.count(in("traceNoIn")) != 0;
    out["result"] = done ? "succ" : "notfound";
    out["resultDesc"] = done ? "交易成功" : "交易记录不存在";
    out["toCardBalance"] = bill::FenToYuan(balanceFen_);
  } else if (api == "MPAY_001") {
    std::string payOrdId = "ORD" + in("medOrgOrd");
    orders_[in("medOrgOrd")] = {payOrdId, in("TOTAL")};
    out["payOrdId"] = payOrdId;
    Split(in("TOTAL"), &out);
    events_.push_back("下单 order " + in("medOrgOrd") + "：" + in("TOTAL") + " 元，payOrdId=" + payOrdId);
  } else if (api == "MPAY_002") {
    auto it = orders_.find(in("medOrgOrd"));
    if (it != orders_.end()) {
      Split(it->second.totalYuan, &out);
      events_.push_back("结算回写 settled " + in("medOrgOrd") + "：" + it->second.totalYuan + " 元，payOrdId=" + in("payOrdId"));
    }
  } else if (api == "HIS00004") {
    events_.push_back("理赔结果 claim settled " + in("treatmentSerialNo"));
  } else if (api == "HIS00002") {
    events_.push_back("授权书 authorization received for " + in("treatmentSerialNo"));
  }
  return "{\"data\":" + caller::Sample(*c, *itf, caller::Side::Response, out) + "}";
}

void ONETRANS_CALL DemoHis::Handler(void* user, const char* request, void* reply) {
  try {
    std::string answer = static_cast<DemoHis*>(user)->Answer(request);
    if (!answer.empty()) OneTrans_Reply(reply, answer.c_str());
  } catch (...) {
    // no reply: the gateway answers the platform's "unknown" for it
  }
}

}  // namespace onetrans::cli
