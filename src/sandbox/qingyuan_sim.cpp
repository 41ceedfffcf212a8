#include "sandbox/qingyuan_sim.h"
#include "core/clock.h"

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "catalog/catalog.h"
#include "crypto/crypto.h"
#include "sandbox/reply_builder.h"
#include "bill/zip_writer.h"

namespace onetrans::sandbox {
namespace {

constexpr std::int64_t kCreditLimitFen = 5'000'000;  // 50,000 元 of credit per person

std::string Get(const json::Value& d, const char* name) { return json::Text(d, name); }

std::int64_t Int(const json::Value& d, const char* name) {
  const json::Value* v = json::Find(d, name);
  return (v != nullptr && v->IsInt64()) ? v->GetInt64() : 0;
}

std::string Now(const char* fmt) { return clock::Format(fmt); }

// Seconds between the request's declared local time and now (absolute), or -1 if unparsable.
long ClockSkew(const std::string& date, const std::string& time) {
  long long declared = clock::Parse(date + time, "%Y%m%d%H%M%S");
  if (date.size() != 8 || time.size() != 6 || declared < 0) return -1;
  return std::labs(static_cast<long>(std::time(nullptr) - declared));
}

std::string MaskId(const std::string& id) {
  if (id.size() <= 8) return id;
  return id.substr(0, 4) + std::string(id.size() - 8, '*') + id.substr(id.size() - 4);
}

}  // namespace

QingyuanSim::QingyuanSim(const Options& opts, std::string baseUrl) : opts_(opts), baseUrl_(std::move(baseUrl)) {
  // People the sandbox knows from the start: one signed, one frozen. Everyone else starts
  // unsigned and signs through the H5 address, as on the real platform.
  Person& signedPerson = PersonFor("441802198708081050", "张三丰");
  signedPerson.mobile = "13800000001";
  signedPerson.status = '1';
  signedPerson.signToken = "ST" + crypto::RandomAlnum(30);
  signedPerson.signDate = Now("%Y%m%d%H%M%S");
  tokens_[signedPerson.signToken] = signedPerson.idNo;
  PersonFor("441802199001011234", "李四").status = '9';
}

std::string QingyuanSim::Refuse(const std::string& rtCode, const std::string& rtMsg) {
  platform::qingyuan::Reply reply{rtCode, rtMsg, std::nullopt};
  return platform::qingyuan::BuildReplyBody(reply, opts_.qingyuan.key);
}

std::string QingyuanSim::Handle(const std::string& body) {
  const std::string& key = opts_.qingyuan.key;
  platform::qingyuan::Reply reply;
  auto fail = [&](const char* rtCode, std::string msg) {
    reply.rtCode = rtCode;
    reply.rtMsg = std::move(msg);
    reply.plaintext.reset();
    return platform::qingyuan::BuildReplyBody(reply, key);
  };
  json::Document peek;
  if (!json::Parse(body, &peek).ok() || !peek.IsObject()) return fail("4000", "报文错误：报文结构不是JSON对象");
  if (json::GetStringOr(peek, "platformId", "") != opts_.qingyuan.platformId) return fail("4104", "无效平台方");
  for (const char* f : {"encType", "signType", "platformSeqId", "platformTransDate", "platformTransTime", "transCode", "version", "signData"})
    if (json::GetStringOr(peek, f, "").empty()) return fail("4000", std::string("报文错误：缺少公共字段 ") + f);
  if (json::GetStringOr(peek, "encType", "") != "SM4" || json::GetStringOr(peek, "signType", "") != "SM3")
    return fail("4000", "报文错误：encType 应为 SM4，signType 应为 SM3");

  platform::qingyuan::Incoming in;
  Status st = platform::qingyuan::OpenRequest(body, key, &in);
  if (!st.ok()) return fail("4000", st.code == rc::kDecrypt ? "报文错误：encData 解密失败" : "报文错误：签名验证失败");
  if (!platform::qingyuan::IsValidPlatformSeqId(in.platformSeqId))
    return fail("4000", "报文错误：platformSeqId 应为8至40位数字或字母");
  long skew = ClockSkew(in.platformTransDate, in.platformTransTime);
  if (skew < 0 || skew > opts_.clockWindowSeconds) return fail("4000", "报文错误：交易时间与平台时间差大于5分钟");
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!seqIds_.insert(in.platformSeqId).second) return fail("4008", "域已存在：请求流水号重复了");
  }
  const catalog::Interface* itf = catalog::Qingyuan().Find(in.transCode);
  if (itf == nullptr) return fail("4000", "报文错误：不支持的交易码 " + in.transCode);
  if (!in.opened.plaintext) return fail("4000", "报文错误：缺少 encData");
  json::Document data;
  if (!json::Parse(*in.opened.plaintext, &data).ok()) return fail("4000", "报文错误：业务数据不是JSON");
  st = catalog::Qingyuan().Validate(*itf, data);
  if (!st.ok()) return fail("4000", "报文错误：" + st.message);

  Answer a = Dispatch(in.transCode, data);
  reply.rtCode = a.rtCode;
  reply.rtMsg = a.rtMsg;
  reply.plaintext = a.plaintext;
  return platform::qingyuan::BuildReplyBody(reply, key);
}

QingyuanSim::Answer QingyuanSim::Dispatch(const std::string& tc, const json::Value& d) {
  std::lock_guard<std::mutex> lock(mu_);
  if (tc == "HOS00025") return SignUrl(d);
  if (tc == "HOS00001") return SignQuery(d);
  if (tc == "HOS00003") return Pay(d);
  if (tc == "HOS00004") return Refund(d);
  if (tc == "HOS00012") return StatusQuery(d);
  if (tc == "HOST0014") return DischargeTrial(d);
  if (tc == "HOS00014") return Settle(d);
  if (tc == "HOS00016") return SettleQuery(d);
  if (tc == "HOS00013") return Bill(d);
  if (tc == "HOS00026") return CaseRevoke(d);
  if (tc == "HOS00029") return CaseStatus(d);
  return ClaimUpload(tc, d);  // HOS00020-24, HOS00027, HOS00028
}

std::string QingyuanSim::NewId(const char* prefix) {
  return prefix + Now("%Y%m%d%H%M%S") + std::to_string(100000 + (++counter_));
}

std::string QingyuanSim::Forward(const std::string& idNo) const {
  return baseUrl_ + "/qingyuan/h5/sign?idNo=" + idNo;
}

QingyuanSim::Person& QingyuanSim::PersonFor(const std::string& idNo, const std::string& name) {
  auto [it, fresh] = persons_.try_emplace(idNo);
  if (fresh) {
    it->second.idNo = idNo;
    it->second.name = name;
  }
  return it->second;
}

bool QingyuanSim::SignByH5(const std::string& idNo) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = persons_.find(idNo);
  if (it == persons_.end() || it->second.status == '9') return false;
  Person& p = it->second;
  if (p.status != '1') {
    p.status = '1';
    p.signToken = "ST" + crypto::RandomAlnum(30);
    p.signDate = Now("%Y%m%d%H%M%S");
    tokens_[p.signToken] = p.idNo;
  }
  return true;
}

QingyuanSim::Answer QingyuanSim::SignUrl(const json::Value& d) {
  Person& p = PersonFor(Get(d, "idNo"), Get(d, "userName"));
  p.mobile = Get(d, "mobile");
  return {"0000", "交易成功", JsonOut().s("forwardUrl", Forward(p.idNo)).str()};
}

QingyuanSim::Answer QingyuanSim::SignQuery(const json::Value& d) {
  Person& p = PersonFor(Get(d, "idNo"), Get(d, "userName"));
  if (p.name != Get(d, "userName")) return {"0001", "无此用户信息，需通过认证后再次获取。", std::nullopt};
  JsonOut out;
  out.s("signStatus", std::string(1, p.status));
  if (p.status == '1') {
    out.s("signToken", p.signToken).s("signDate", p.signDate).s("creditPay", "01").s("insutype", "390");
  } else if (p.status == '0') {
    out.s("forwardUrl", Forward(p.idNo));
  }
  return {"0000", "交易成功", out.str()};
}

QingyuanSim::Answer QingyuanSim::Pay(const json::Value& d) {
  auto tok = tokens_.find(Get(d, "signToken"));
  if (tok == tokens_.end()) return {"0001", "无此用户信息，需通过认证后再次获取。", std::nullopt};
  Person& p = persons_[tok->second];
  if (p.status == '9') return {"0002", "用户签约状态冻结，需解除黑名单后再次请求。", std::nullopt};
  std::string orderId = Get(d, "orderId");
  if (orders_.count(orderId)) return {"1000", "业务失败：医院订单号 " + orderId + " 已存在", std::nullopt};
  std::int64_t amt = Int(d, "amt");
  std::int64_t used = 0;
  for (const auto& [id, o] : orders_)
    if (!o.refund && o.idNo == p.idNo && o.status == "02") used += o.amt - o.refunded;
  if (used + amt > kCreditLimitFen) return {"1000", "业务失败：超出信用就医额度", std::nullopt};
  Order o;
  o.orderId = orderId;
  o.queryId = NewId("QP");
  o.tradeNo = NewId("TN");
  o.orderTime = Now("%Y%m%d%H%M%S");
  o.orderType = Get(d, "orderType");
  o.status = "02";
  o.idNo = p.idNo;
  o.name = p.name;
  o.amt = amt;
  byQueryId_[o.queryId] = orderId;
  orders_[orderId] = o;
  std::string out = JsonOut().s("orderId", o.orderId).s("queryId", o.queryId).s("orderTime", o.orderTime)
                        .s("accType", o.accType).i("amt", o.amt).i("psnAmt", o.amt).s("orderStatus", o.status)
                        .s("msg", "支付成功").str();
  return {"0000", "交易成功", out};
}

QingyuanSim::Answer QingyuanSim::Refund(const json::Value& d) {
  auto q = byQueryId_.find(Get(d, "origOrderId"));
  if (q == byQueryId_.end() || orders_[q->second].refund)
    return {"1000", "业务失败：原支付订单不存在", std::nullopt};
  Order& pay = orders_[q->second];
  std::string orderId = Get(d, "orderId");
  if (orders_.count(orderId)) return {"1000", "业务失败：医院订单号 " + orderId + " 已存在", std::nullopt};
  std::int64_t amt = Int(d, "amtRefund");
  if (amt <= 0) return {"1000", "业务失败：退款金额必须大于0", std::nullopt};
  if (amt > pay.amt - pay.refunded)
    return {"1000", "业务失败：退款金额超过可退金额 " + std::to_string(pay.amt - pay.refunded) + " 分", std::nullopt};
  pay.refunded += amt;
  Order r;
  r.orderId = orderId;
  r.queryId = NewId("QR");
  r.tradeNo = NewId("TN");
  r.orderTime = Now("%Y%m%d%H%M%S");
  r.orderType = pay.orderType;
  r.status = "12";
  r.idNo = pay.idNo;
  r.name = pay.name;
  r.amt = amt;
  r.refund = true;
  r.origQueryId = pay.queryId;
  byQueryId_[r.queryId] = orderId;
  orders_[orderId] = r;
  std::string out = JsonOut().s("orderId", r.orderId).s("queryId", r.queryId).s("origOrderId", pay.orderId)
                        .s("orderTime", r.orderTime).s("accType", r.accType).i("amt", r.amt)
                        .s("orderStatus", r.status).s("msg", "退费成功").str();
  return {"0000", "交易成功", out};
}

std::string QingyuanSim::OrderStatusJson(const Order& o) const {
  return JsonOut().s("orderId", o.orderId).s("queryId", o.queryId).s("tradeNo", o.tradeNo).s("orderType", o.orderType)
      .s("orderTime", o.orderTime).s("accType", o.accType).i("amt", o.amt).i("psnAmt", o.amt)
      .s("orderStatus", o.status).s("msg", o.refund ? "退费成功" : "支付成功").str();
}

QingyuanSim::Answer QingyuanSim::StatusQuery(const json::Value& d) {
  auto it = orders_.find(Get(d, "orderId"));
  if (it == orders_.end()) return {"1000", "业务失败：订单不存在", std::nullopt};
  return {"0000", "交易成功", OrderStatusJson(it->second)};
}

std::vector<std::string> QingyuanSim::QueryIds(const json::Value& v) const {
  std::vector<std::string> ids;
  auto split = [&](const std::string& s) {
    std::size_t start = 0;
    while (start <= s.size()) {
      auto comma = s.find(',', start);
      std::string id = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!id.empty()) ids.push_back(id);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  };
  if (v.IsString()) split(v.GetString());
  if (v.IsArray())
    for (const auto& e : v.GetArray())
      if (e.IsString()) split(e.GetString());
  return ids;
}

QingyuanSim::Answer QingyuanSim::DischargeTrial(const json::Value& d) {
  std::string trialId = Get(d, "trialId");
  std::int64_t psnAmt = 0;
  for (const std::string& q : QueryIds(*json::Find(d, "origPayQueryId"))) {
    auto it = byQueryId_.find(q);
    if (it == byQueryId_.end() || orders_[it->second].refund)
      return {"1000", "业务失败：原无感支付订单 " + q + " 不存在", std::nullopt};
    const Order& o = orders_[it->second];
    psnAmt += o.amt - o.refunded;
  }
  TrialRecord t;
  t.trialId = trialId;
  t.treatmentSerialNo = Get(d, "treatmentSerialNo");
  t.settleAmt = Int(d, "settleAmt");
  t.nonCreditPayAmt = Int(d, "nonCreditPayAmt");
  t.psnAmt = psnAmt;
  t.due = t.settleAmt - t.nonCreditPayAmt;
  if (t.due < 0) return {"1000", "业务失败：非无感支付金额大于住院结算总金额", std::nullopt};
  trials_[trialId] = t;
  std::int64_t supplement = t.due > psnAmt ? t.due - psnAmt : 0;
  std::int64_t refund = psnAmt > t.due ? psnAmt - t.due : 0;
  std::string out = JsonOut().s("trialId", trialId).i("supplementAmt", supplement).i("refundAmt", refund)
                        .i("psnAmt", psnAmt).i("budgetAmt", 0).str();
  return {"0000", "交易成功", out};
}

std::string QingyuanSim::SettlementJson(const Settlement& s, bool withPsnAmt) const {
  JsonOut out;
  out.s("orderId", s.orderId).s("queryId", s.queryId).s("orderStatus", s.status).i("settleAmt", s.settleAmt)
      .i("insureSettleAmt", s.budgetAmt).i("supplementAmt", 0).i("refundAmt", s.refundAmt).s("msg", s.msg);
  if (withPsnAmt) out.i("psnAmt", s.psnAmt);
  out.beginList("orderList");
  for (const std::string& q : s.depositQueryIds) {
    const Order& o = orders_.at(byQueryId_.at(q));
    out.beginItem().s("orderId", o.orderId).s("queryId", o.queryId).s("orderTime", o.orderTime)
        .s("accType", o.accType).i("amt", o.amt).i("refundAmt", o.refunded).s("orderStatus", o.status)
        .s("msg", o.refunded > 0 ? "部分退款" : "支付成功").endItem();
  }
  out.endList().i("miAmt", s.miAmt).i("budgetAmt", s.budgetAmt).i("grAmt", s.grAmt);
  return out.str();
}

QingyuanSim::Answer QingyuanSim::Settle(const json::Value& d) {
  auto t = trials_.find(Get(d, "trialId"));
  if (t == trials_.end()) return {"1000", "业务失败：试算订单不存在，请先调用出院结算试算", std::nullopt};
  std::string orderId = Get(d, "orderId");
  if (settlements_.count(orderId) || orders_.count(orderId))
    return {"1000", "业务失败：医院订单号 " + orderId + " 已存在", std::nullopt};
  Settlement s;
  s.orderId = orderId;
  s.queryId = NewId("QS");
  s.settleAmt = Int(d, "settleAmt");
  s.miAmt = Int(d, "miAmt");
  s.budgetAmt = Int(d, "budgetAmt");
  s.grAmt = Int(d, "grAmt");
  s.depositQueryIds = QueryIds(*json::Find(d, "origPayQueryId"));
  for (const std::string& q : s.depositQueryIds) {
    auto it = byQueryId_.find(q);
    if (it == byQueryId_.end() || orders_[it->second].refund)
      return {"1000", "业务失败：原无感支付订单 " + q + " 不存在", std::nullopt};
    s.psnAmt += orders_[it->second].amt - orders_[it->second].refunded;
  }
  std::int64_t due = s.settleAmt - Int(d, "nonCreditPayAmt") - s.budgetAmt;
  if (due > s.psnAmt) {
    s.status = "33";
    s.msg = "出院结算失败，消费金额大于支付金额";
    settlements_[orderId] = s;
    return {"5501", s.msg, std::nullopt};
  }
  // Return the excess deposit, newest deposit first, as the bank would.
  s.refundAmt = s.psnAmt - (due < 0 ? 0 : due);
  std::int64_t left = s.refundAmt;
  for (auto q = s.depositQueryIds.rbegin(); q != s.depositQueryIds.rend() && left > 0; ++q) {
    Order& o = orders_[byQueryId_[*q]];
    std::int64_t back = std::min(left, o.amt - o.refunded);
    o.refunded += back;
    left -= back;
  }
  s.status = "32";
  s.msg = "结算成功";
  settlements_[orderId] = s;
  return {"0000", "交易成功", SettlementJson(s, true)};
}

QingyuanSim::Answer QingyuanSim::SettleQuery(const json::Value& d) {
  auto it = settlements_.find(Get(d, "orderId"));
  if (it == settlements_.end() || Get(d, "type") != "01") return {"1000", "业务失败：订单不存在", std::nullopt};
  return {"0000", "交易成功", SettlementJson(it->second, false)};
}

QingyuanSim::Answer QingyuanSim::Bill(const json::Value& d) {
  std::string date = Get(d, "settleDate");
  std::string url = baseUrl_ + "/qingyuan/bill/" + opts_.qingyuan.platformId + "_" + date + ".zip";
  return {"0000", "交易成功", JsonOut().s("settleDate", date).s("settleFileUrl", url).str()};
}

std::optional<std::string> QingyuanSim::BillZip(const std::string& date) {
  std::string lines;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, o] : orders_) {
      if (o.orderTime.compare(0, 8, date) != 0) continue;
      lines += o.queryId + "!|" + o.orderId + "!|" + o.name + "!|" + MaskId(o.idNo) + "!|" + o.orderTime.substr(0, 8) +
               "!|" + o.orderTime.substr(8, 6) + "!|" + (o.refund ? "02" : "01") + "!|" + std::to_string(o.amt) +
               "!|CREDIT0001!|" + opts_.qingyuan.platformId + "!|清远医保惠民平台沙箱!|!|0!|0!|\n";
    }
  }
  return bill::ZipOne(opts_.qingyuan.platformId + "_" + date + ".txt", lines);
}

QingyuanSim::Answer QingyuanSim::ClaimUpload(const std::string& tc, const json::Value& d) {
  std::string tsn = Get(d, "treatmentSerialNo");
  std::string idNo = Get(d, "idNo");
  if (idNo.empty()) idNo = Get(d, "documentsNo");
  if (idNo.empty()) idNo = Get(d, "certno");
  Case& c = cases_[tsn];
  if (c.node == "9") return {"1000", "业务失败：案件已撤销", std::nullopt};
  if (c.idNo.empty()) c.idNo = idNo;
  c.uploaded.insert(tc);
  if (tc == "HOS00020" && c.node == "0") {
    c.node = "1";
    if (onClaimFiled_) onClaimFiled_(tsn, c.idNo);
  }
  if (tc == "HOS00022") c.node = "2";
  if (tc == "HOS00027" && Get(d, "status") == "1" && c.node != "3") {
    c.node = "3";
    if (onClaimSettled_) onClaimSettled_(tsn, c.idNo);
  }
  return {"0000", "交易成功", std::nullopt};
}

QingyuanSim::Answer QingyuanSim::CaseRevoke(const json::Value& d) {
  auto it = cases_.find(Get(d, "treatmentSerialNo"));
  if (it == cases_.end() || it->second.idNo != Get(d, "idNo")) return {"1000", "业务失败：案件不存在", std::nullopt};
  it->second.node = "9";
  return {"0000", "交易成功", std::nullopt};
}

QingyuanSim::Answer QingyuanSim::CaseStatus(const json::Value& d) {
  std::string tsn = Get(d, "treatmentSerialNo");
  auto it = cases_.find(tsn);
  std::string node = (it == cases_.end() || it->second.idNo != Get(d, "idNo")) ? "0" : it->second.node;
  std::string out = JsonOut().s("treatmentSerialNo", tsn).s("claimNode", node).s("insuranceId", "INS00001")
                        .s("insuranceName", "惠民保").s("claimType", "2").str();
  return {"0000", "交易成功", out};
}

}  // namespace onetrans::sandbox
