#include "sandbox/amp_sim.h"
#include "core/clock.h"

#include <cstdlib>
#include <ctime>

#include "bill/bill.h"
#include "catalog/catalog.h"
#include "crypto/crypto.h"
#include "platform/amp.h"
#include "sandbox/reply_builder.h"
#include "bill/zip_writer.h"

namespace onetrans::sandbox {
namespace {

std::string Now(const char* fmt) { return clock::Format(fmt); }

long SkewSeconds(const std::string& ts) {
  long long declared = clock::Parse(ts, "%Y-%m-%d %H:%M:%S");
  if (ts.size() != 19 || declared < 0) return -1;
  return std::labs(static_cast<long>(std::time(nullptr) - declared));
}

std::string Get(const json::Value& d, const char* name) { return json::GetStringOr(d, name, ""); }

}  // namespace

AmpSim::AmpSim(const Options& opts, std::string baseUrl) : opts_(opts), baseUrl_(std::move(baseUrl)) {
  if (opts_.amp.appId.empty()) opts_.amp.appId = kDefaultAppId;
  if (opts_.amp.appKey.empty()) opts_.amp.appKey = kDefaultAppKey;
  if (opts_.amp.orgId.empty()) opts_.amp.orgId = kDefaultOrgId;
  if (opts_.ampOrgSecret.empty()) opts_.ampOrgSecret = kDefaultOrgSecret;
}

std::string AmpSim::NewId(const char* prefix) { return prefix + Now("%Y%m%d%H%M%S") + std::to_string(100000 + (++counter_)); }

std::string AmpSim::Handle(const std::string& apiSuffix, const std::string& body) {
  auto rules = platform::amp::Rules(opts_.amp.appId, opts_.amp.appKey, opts_.amp.keyDerivation);
  platform::amp::Reply reply;
  reply.timestamp = Now("%Y-%m-%d %H:%M:%S");
  reply.orgId = opts_.amp.orgId;
  auto answer = [&](const std::string& code, std::string message, std::optional<std::string> plaintext = std::nullopt) {
    reply.code = code;
    reply.codeIsNumber = code.size() != 6;  // 0 and -1…-8 as numbers, six-digit codes as strings
    reply.message = std::move(message);
    reply.plaintext = std::move(plaintext);
    return platform::amp::BuildReplyBody(reply, rules.value);
  };
  const catalog::Interface* itf = catalog::Amp().FindByPath(apiSuffix);
  if (itf == nullptr) return answer("-5", "无效的请求地址");
  json::Document peek;
  if (!json::Parse(body, &peek).ok() || !peek.IsObject()) return answer("000105", "参数校验不合法：报文不是JSON对象");
  if (Get(peek, "appId") != opts_.amp.appId) return answer("000001", "请求应用非法，APPID无效");
  if (Get(peek, "orgId") != opts_.amp.orgId) return answer("-4", "权限校验异常：orgId 与应用不符");
  envelope::Opened opened;
  Status st = envelope::Open(body, rules.value, &opened);
  if (!st.ok()) return st.code == rc::kDecrypt ? answer("000101", "系统接口加密失败") : answer("000102", "核验签名参数失败，签名无效");
  long skew = SkewSeconds(Get(peek, "timestamp"));
  if (skew < 0 || skew > opts_.clockWindowSeconds) return answer("-2", "请求参数异常：timestamp 与服务器时间相差超过5分钟");
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!signatures_.insert(Get(peek, "signData")).second) return answer("010010", "重放攻击拦截器,请勿重复操作,谢谢您的配合!");
  }
  json::Document data;
  if (!opened.plaintext || !json::Parse(*opened.plaintext, &data).ok()) return answer("000105", "参数校验不合法：业务数据不是JSON");
  st = catalog::Amp().Validate(*itf, data);
  if (!st.ok()) return answer("000105", "参数校验不合法：" + st.message);

  Answer a;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (itf->code == "AMP_HOS_001") a = PushMsg(data);
    else if (itf->code == "AMP_HOS_002") a = RefundApply(data);
    else if (itf->code == "AMP_HOS_003") a = QueryRefund(data);
    else a = TradeFile(data);
  }
  return answer(a.code, a.message, a.plaintext);
}

AmpSim::Answer AmpSim::PushMsg(const json::Value& d) {
  pushes_[Get(d, "medOrgOrd")].push_back(JsonOut().s("pushType", Get(d, "pushType")).s("orderStatus", Get(d, "orderStatus"))
                                             .s("amount", Get(d, "amount")).s("time", Now("%Y-%m-%d %H:%M:%S")).str());
  // A pushed payment order waiting to be paid is paid by the patient in the portal at once:
  // the sandbox settles it (40% from the insurance fund, the rest in cash).
  if (Get(d, "pushType") == "HOSPITAL_PAYMENT" && Get(d, "orderStatus") == "MERCHANT_WAIT_PAY" &&
      !settlements_.count(Get(d, "medOrgOrd"))) {
    std::int64_t total = 0;
    bill::YuanToFen(Get(d, "amount"), &total);
    Settlement s;
    s.orgTraceNo = Get(d, "medOrgOrd");
    s.ampTraceId = NewId("AMP");
    s.traceId = NewId("TR");
    s.payOrdId = NewId("ORD");
    s.orgCode = Get(d, "orgCode");
    s.subOrgCode = Get(d, "subOrgCode");
    s.idNo = Get(d, "idNo");
    s.idType = Get(d, "idType");
    s.time = Now("%Y-%m-%d %H:%M:%S");
    s.fundFen = total * 4 / 10;
    s.cashFen = total - s.fundFen;
    settlements_[s.orgTraceNo] = s;
    if (onPaid_)
      onPaid_({s.orgCode, s.subOrgCode, s.orgTraceNo, s.ampTraceId, s.traceId, s.payOrdId, s.idNo, bill::FenToYuan(total),
               bill::FenToYuan(s.cashFen), bill::FenToYuan(s.fundFen)});
  }
  return {"0", "成功", JsonOut().s("response", "SUCCESS").str()};
}

std::string AmpSim::RefundJson(const Refund& r, bool query) const {
  bool done = Clock::now() - r.created >= std::chrono::milliseconds(opts_.refundSettleMs);
  JsonOut out;
  out.s("refundTraceId", r.refundTraceId).s("ampRefundId", r.ampRefundId).s("payChnlRefundSn", "CH" + r.refundTraceId)
      .s("traceId", r.traceId).s("payChnlOrdSn", "CH" + r.traceId).s("payOrdId", r.payOrdId);
  if (query && done) {
    out.s("tradeStatus", "SUCCESS").s("tradeStatusDesc", "退款成功");
  } else {
    out.s("tradeStatus", "ING").s("tradeStatusDesc", "退款处理中");
  }
  return out.str();
}

AmpSim::Answer AmpSim::RefundApply(const json::Value& d) {
  std::string key = Get(d, "orgCode") + "/" + Get(d, "outRefundNo");
  // Same outRefundNo again: the same refund, never a second one.
  if (auto it = refunds_.find(key); it != refunds_.end()) return {"0", "成功", RefundJson(it->second, false)};
  auto s = settlements_.find(Get(d, "orgTraceNo"));
  if (s == settlements_.end() || s->second.ampTraceId != Get(d, "ampTraceId") || s->second.traceId != Get(d, "traceId"))
    return {"-1", "业务失败：找不到对应的结算单（ampTraceId / traceId / orgTraceNo 不匹配）", std::nullopt};
  Settlement& st = s->second;
  Refund r;
  if (Get(d, "refundType") == "02") {
    if (st.refundedCash != 0 || st.refundedFund != 0) return {"-1", "业务失败：已有部分退款，不能再全额退款", std::nullopt};
    r.cashFen = st.cashFen;
    r.fundFen = st.fundFen;
  } else {
    std::int64_t left = st.cashFen - st.refundedCash;
    r.cashFen = left;
    if (!Get(d, "refundAmount").empty()) bill::YuanToFen(Get(d, "refundAmount"), &r.cashFen);
    if (r.cashFen <= 0 || r.cashFen > left)
      return {"-1", "业务失败：退款金额超过可退自费金额 " + bill::FenToYuan(left) + " 元", std::nullopt};
  }
  st.refundedCash += r.cashFen;
  st.refundedFund += r.fundFen;
  r.refundTraceId = NewId("RT");
  r.ampRefundId = NewId("AR");
  r.traceId = st.traceId;
  r.orgTraceNo = st.orgTraceNo;
  r.payOrdId = st.payOrdId;
  r.outRefundNo = Get(d, "outRefundNo");
  r.orgCode = Get(d, "orgCode");
  r.subOrgCode = st.subOrgCode;
  r.time = Now("%Y-%m-%d %H:%M:%S");
  r.created = Clock::now();
  refunds_[key] = r;
  return {"0", "成功", RefundJson(r, false)};
}

AmpSim::Answer AmpSim::QueryRefund(const json::Value& d) {
  auto it = refunds_.find(Get(d, "orgCode") + "/" + Get(d, "outRefundNo"));
  if (it == refunds_.end()) return {"-1", "业务失败：退款记录不存在", std::nullopt};
  const Refund& r = it->second;
  if ((!Get(d, "ampRefundId").empty() && Get(d, "ampRefundId") != r.ampRefundId) ||
      (!Get(d, "refundTraceId").empty() && Get(d, "refundTraceId") != r.refundTraceId))
    return {"-1", "业务失败：ampRefundId / refundTraceId 与 outRefundNo 不匹配", std::nullopt};
  return {"0", "成功", RefundJson(r, true)};
}

std::string AmpSim::Csv(const std::string& orgCode, const std::string& subOrgCode, const std::string& date,
                        const std::string& type) const {
  std::string rows;
  std::int64_t trades = 0, refunds = 0, tradeFen = 0, refundFen = 0;
  auto row = [&](const Settlement& s, const std::string& time, const std::string& kind, const std::string& status,
                 std::int64_t cash, std::int64_t fund) {
    std::vector<std::string> f = {time, time, s.orgCode, s.subOrgCode, "区域医保支付门户沙箱医院", s.time, "HIS" + s.orgTraceNo,
                                  s.payOrdId, s.ampTraceId, "CH" + s.traceId, s.payOrdId, "", "", "", "", "",
                                  bill::FenToYuan(cash + fund), "0.00", bill::FenToYuan(cash), bill::FenToYuan(fund),
                                  s.orgTraceNo, s.idNo, s.idType, "01", kind, status, "WX", ""};
    for (std::size_t i = 0; i < f.size(); ++i) rows += (i ? ",`" : "`") + f[i];
    rows += "\n";
  };
  for (const auto& [id, s] : settlements_) {
    if (s.orgCode != orgCode || s.subOrgCode != subOrgCode || s.time.compare(0, 10, date) != 0) continue;
    if (type == "REFUND") continue;
    row(s, s.time, "TRADE", "SUCCESS", s.cashFen, s.fundFen);
    ++trades;
    tradeFen += s.cashFen + s.fundFen;
  }
  for (const auto& [key, r] : refunds_) {
    if (r.orgCode != orgCode || r.subOrgCode != subOrgCode || r.time.compare(0, 10, date) != 0 || type == "CONSUME") continue;
    row(settlements_.at(r.orgTraceNo), r.time, "REFUND", "REFUND", r.cashFen, r.fundFen);
    ++refunds;
    refundFen += r.cashFen + r.fundFen;
  }
  std::string header =
      "交易时间,交易完成时间,机构编码,分院编号,机构名称,医保结算时间,院内结算流水号,平台订单号,区域医保支付门户单据跟踪号,"
      "支付渠道订单号,省医保移动支付中心订单号,医保挂号登记号,医保结算ID,医药机构结算ID,医保就诊ID,医保人员编号,费用总额,"
      "个人账户支付额,个人现金支付额,医保统筹基金支付额,商户订单号,用户证件号,用户证件类型,患者费别,交易类型,交易状态,"
      "支付渠道类型,发送方报文ID\n";
  return "#区域医保支付门户对账文件\n#账单时间：" + date + "\n#机构编号：" + orgCode + "\n#分机构编号：" +
         (subOrgCode.empty() ? "无" : subOrgCode) + "\n#账单类型：" + type + "\n#-------业务明细列表-------\n" + header +
         rows + "#-------业务明细列表结束-------\n#交易总笔数：" + std::to_string(trades) + "笔\n#退款总笔数：" +
         std::to_string(refunds) + "笔\n#交易总金额：" + bill::FenToYuan(tradeFen) + "\n#退款总金额：" +
         bill::FenToYuan(refundFen) + "\n#导出时间：" + Now("%Y-%m-%d %H:%M:%S") + "\n";
}

AmpSim::Answer AmpSim::TradeFile(const json::Value& d) {
  if (Get(d, "orgSecret") != opts_.ampOrgSecret) return {"-4", "权限校验异常：机构秘钥 orgSecret 不正确", std::nullopt};
  std::string org = Get(d, "orgCode"), sub = Get(d, "subOrgCode"), date = Get(d, "billDate"), type = Get(d, "billType");
  std::string name = org + "_" + sub + "_" + date + "_" + type + ".csv";
  auto zip = bill::ZipOne(name, Csv(org, sub, date, type));
  if (!zip) return {"-1", "业务子系统内未知错误：对账文件生成失败", std::nullopt};
  std::string token = crypto::RandomAlnum(24);
  bills_[token] = BillLink{*zip, Clock::now() + std::chrono::seconds(opts_.billUrlTtlSeconds)};
  std::string out = JsonOut().s("digest", crypto::HexUpper(crypto::Sha1(*zip)))
                        .s("downloadUrl", baseUrl_ + "/api/amp/bill/" + token + ".zip").s("digestType", "SHA1")
                        .s("billType", type).str();
  return {"0", "成功", out};
}

std::optional<std::string> AmpSim::BillFile(const std::string& token, bool* gone) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = bills_.find(token);
  *gone = false;
  if (it == bills_.end()) return std::nullopt;
  if (Clock::now() > it->second.expires) {
    *gone = true;
    return std::nullopt;
  }
  return it->second.zip;
}

std::string AmpSim::PushesJson(const std::string& medOrgOrd) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out = "[";
  for (const auto& p : pushes_[medOrgOrd]) out += (out.size() > 1 ? "," : "") + p;
  return out + "]";
}

std::string AmpSim::SettlementJson(const std::string& medOrgOrd) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = settlements_.find(medOrgOrd);
  if (it == settlements_.end()) return "";
  const Settlement& s = it->second;
  return JsonOut().s("orgTraceNo", s.orgTraceNo).s("ampTraceId", s.ampTraceId).s("traceId", s.traceId)
      .s("payOrdId", s.payOrdId).s("cash", bill::FenToYuan(s.cashFen)).s("fund", bill::FenToYuan(s.fundFen)).str();
}

}  // namespace onetrans::sandbox
