// `onetrans demo`: both directions against an in-process sandbox, through the public C ABI
// exactly as a HIS would call it — the hospital calling the platforms (MobileTrans), and the
// platforms calling the hospital (the gateway, answered by a small demo HIS).
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "cli/demo_his.h"
#include "core/clock.h"
#include "core/json.h"
#include "catalog/masking.h"
#include "core/log.h"
#include "crypto/crypto.h"
#include "transport/http.h"
#include "onetrans/onetrans.h"
#include "sandbox/sandbox.h"

namespace onetrans::cli {
namespace {

struct Step {
  int rc = 0;
  json::Document out;
};

const MaskPolicy& Policy() {
  static const MaskPolicy p = catalog::BuildMaskPolicy({});
  return p;
}

Step Run(int n, const char* title, const std::string& request) {
  std::printf("\n[%d] %s\n    请求 request : %s\n", n, title, MaskJson(request, Policy()).c_str());
  // Two-call pattern: ask for the size, then fetch the whole answer.
  int len = 0;
  std::string out(4096, '\0');
  int rc = MobileTransEx(request.c_str(), out.data(), static_cast<int>(out.size()), &len);
  if (rc == 106 && len > 0) {
    out.assign(static_cast<std::size_t>(len) + 1, '\0');
    rc = MobileTransEx(request.c_str(), out.data(), len + 1, &len);
  }
  out.resize(static_cast<std::size_t>(len));
  std::string shown = MaskJson(out, Policy());
  if (shown.size() > 1200) {
    std::size_t cut = 1200;
    while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;  // whole characters only
    shown = shown.substr(0, cut) + "…（共 " + std::to_string(out.size()) + " 字节）";
  }
  std::printf("    返回码 return : %s\n    应答 answer  : %s\n", CodeText(rc), shown.c_str());
  Step s;
  s.rc = rc;
  (void)json::Parse(out, &s.out);  // not JSON: the step fails below
  return s;
}

std::string DataString(const Step& s, const char* name) {
  const json::Value* data = json::Find(s.out, "data");
  return data != nullptr ? json::GetStringOr(*data, name, "") : "";
}

// Pads to a display width: CJK characters take two columns in a terminal.
std::string Pad(const std::string& s, std::size_t width) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;
    w += c < 0x80 ? 1 : 2;
  }
  return w >= width ? s + " " : s + std::string(width - w, ' ');
}

// The AMP answer's bill as a short table for the finance clerk.
void PrintBill(const Step& s) {
  const json::Value* data = json::Find(s.out, "data");
  const json::Value* bill = data != nullptr ? json::Find(*data, "bill") : nullptr;
  if (bill == nullptr) return;
  const char* cols[] = {"交易时间", "交易类型", "交易状态", "费用总额", "个人现金支付额", "医保统筹基金支付额", "商户订单号"};
  std::printf("    对账单 bill  : %s\n", json::GetStringOr(*bill, "file", "").c_str());
  std::printf("      ");
  for (const char* c : cols) std::printf("%s", Pad(c, 20).c_str());
  std::printf("\n");
  for (const auto& row : (*bill)["rows"].GetArray()) {
    std::printf("      ");
    for (const char* c : cols) std::printf("%s", Pad(json::GetStringOr(row, c, ""), 20).c_str());
    std::printf("\n");
  }
  for (auto it = (*bill)["summary"].MemberBegin(); it != (*bill)["summary"].MemberEnd(); ++it)
    std::printf("      %s：%s\n", it->name.GetString(), it->value.GetString());
  for (const auto& w : (*bill)["warnings"].GetArray()) std::printf("      warning: %s\n", w.GetString());
}

bool Succeeded(const Step& s) {
  const json::Value* code = json::Find(s.out, "code");
  return s.rc == 0 && code != nullptr && code->IsInt() && code->GetInt() == 0;
}

std::string Today() { return clock::Format("%Y-%m-%d"); }

// The credentials the platforms use on the hospital's gateway (the demo's own).
constexpr const char* kYztSecret = "DEMOYZTSECRET01";
constexpr const char* kAmpToken = "DEMOAMPTOKEN001";
constexpr const char* kMpayToken = "DEMOMPAYTOKEN01";

const char* PlatformName(const std::string& flow) {
  if (flow == "amp") return "区域医保支付门户 AMP";
  if (flow == "qingyuan") return "清远医保惠民平台";
  if (flow == "yzt") return "一帐通";
  return "医保移动支付 公众号";
}

std::string ApiName(const std::string& api) {
  for (const catalog::Catalog* c : catalog::All())
    if (const catalog::Interface* itf = c->Find(api); itf != nullptr && itf->inbound) return itf->name;
  return "";
}

std::string Shorten(std::string s) {
  if (s.size() <= 900) return s;
  std::size_t cut = 900;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

// The sandbox's calls into the hospital since the last look (GET /sandbox/inbound), printed
// like the outbound steps, then what the demo HIS's ledger did. Returns the failed calls.
int PrintInbound(sandbox::Sandbox& sb, DemoHis& his, std::size_t* shown, int* step) {
  for (int i = 0; i < 400 && sb.inboundPending() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  json::Document d;
  if (!json::Parse(sb.inboundJson(), &d).ok() || !d.IsObject() || !d.HasMember("calls")) return 1;
  int failed = sb.inboundPending() > 0 ? 1 : 0;
  const auto& calls = d["calls"];
  for (rapidjson::SizeType i = static_cast<rapidjson::SizeType>(*shown); i < calls.Size(); ++i) {
    const auto& c = calls[i];
    std::string api = json::Text(c, "api"), flow = json::Text(c, "flow");
    bool ok = c["ok"].GetBool() && c["verified"].GetBool();
    failed += ok ? 0 : 1;
    std::printf("\n[%d] %s → 医院 %s %s (platform calls the hospital)\n", ++*step, PlatformName(flow), api.c_str(),
                ApiName(api).c_str());
    std::printf("    请求 request : %s\n", Shorten(MaskJson(json::Serialize(c["request"]), Policy())).c_str());
    std::string error = json::Text(c, "error");
    std::printf("    应答 answer  : HTTP %d, %s %s%s%s\n", c["http"].GetInt(), json::Text(c, "code").c_str(),
                json::Text(c, "message").c_str(), error.empty() ? "" : " — ", error.c_str());
    std::printf("                   %s%s\n", Shorten(MaskJson(json::Serialize(c["answer"]), Policy())).c_str(),
                ok ? "" : "   ← FAILED");
  }
  *shown = calls.Size();
  for (const auto& e : his.TakeEvents()) std::printf("    HIS 账本 ledger: %s\n", e.c_str());
  return failed;
}

}  // namespace

int Demo(int, char**) {
  sandbox::Options opts;
  opts.hospital = {sandbox::kDefaultPlatformId, sandbox::kDefaultKey, kYztSecret, kAmpToken, kMpayToken};
  sandbox::Sandbox sb(opts);
  Status st = sb.Start();
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.message.c_str());
    return 1;
  }
  std::printf("OneTrans %s demo — 清远医保惠民平台沙箱 listening on %s\n", OneTrans_Version(), sb.baseUrl().c_str());
  std::string config = R"({"qingyuan":{"serverAddr":")" + sb.qingyuanUrl() + R"(","platformId":")" +
                       sandbox::kDefaultPlatformId + R"(","key":")" + sandbox::kDefaultKey + R"("},"amp":{"serverAddr":")" +
                       sb.ampUrl() + R"(","appId":")" + sandbox::kDefaultAppId + R"(","appKey":")" + sandbox::kDefaultAppKey +
                       R"(","orgId":")" + sandbox::kDefaultOrgId + R"("},)";
  // The hospital's gateway on a free loopback port, every route answered by the demo HIS; its
  // journal (at most one booking per payment) in a file of this run.
  const std::string journal =
      (std::filesystem::temp_directory_path() / ("onetrans-demo-" + crypto::RandomAlnum(8) + ".db")).string();
  json::Document path;
  path.SetString(journal.c_str(), static_cast<rapidjson::SizeType>(journal.size()), path.GetAllocator());
  config += R"("journal":{"path":)" + json::Serialize(path) +
            R"(},"gateway":{"listen":"127.0.0.1:0","qingyuan":{"allowFrom":"127.0.0.1"},)"
            R"("amp":{"allowFrom":"127.0.0.1","token":")" + kAmpToken + R"("},"yzt":{"allowFrom":"127.0.0.1","secret":")" +
            kYztSecret + R"("},"mpay":{"allowFrom":"127.0.0.1","token":")" + kMpayToken + R"("}}})";
  // Whatever way the demo ends: the gateway stopped before the library, the journal removed.
  struct Teardown {
    std::string journal;
    ~Teardown() {
      OneTrans_GatewayStop();
      OneTrans_Cleanup();
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(journal + suffix, ec);
    }
  } teardown{journal};
  if (OneTrans_Init(config.c_str()) != 0) {
    std::fprintf(stderr, "OneTrans_Init failed: %s\n", OneTrans_LastError());
    return 1;
  }
  DemoHis his;
  if (OneTrans_GatewayStart(nullptr, &DemoHis::Handler, &his) != 0) {
    std::fprintf(stderr, "OneTrans_GatewayStart failed: %s\n", OneTrans_LastError());
    return 1;
  }
  sb.SetHospitalUrl(OneTrans_GatewayAddress());
  std::printf("医院网关 hospital gateway listening on %s (the platforms call the hospital here)\n", OneTrans_GatewayAddress());
  std::size_t inboundShown = 0;
  int step = 0;
  const std::string hosp = R"("hospitalId":"QYH44180200001","cityCode":"441800")";
  const std::string visit = "ZY" + crypto::RandomAlnum(10);
  const std::string payId = "PAY" + crypto::RandomAlnum(12), refundId = "RFD" + crypto::RandomAlnum(12);
  const std::string trialId = "TRL" + crypto::RandomAlnum(12), settleId = "STL" + crypto::RandomAlnum(12);
  int failures = 0;
  auto check = [&](const Step& s) { failures += Succeeded(s) ? 0 : 1; return Succeeded(s); };

  Step sign = Run(++step, "签约查询 HOS00001 (sign-status query)",
                  R"({"transCode":"HOS00001","data":{"idNo":"441802198708081050","idType":"01","userName":"张三丰",)" + hosp +
                      R"(,"treatmentSerialNo":")" + visit + R"(","mobile":"13800000001"}})");
  if (!check(sign)) return 1;
  std::string token = DataString(sign, "signToken");

  Step pay = Run(++step, "支付 HOS00003 (pay a 123.45 元 deposit)",
                 R"({"transCode":"HOS00003","data":{"signToken":")" + token + R"(","orderId":")" + payId +
                     R"(","amt":12345,)" + hosp + R"(,"orderType":"2","mdtrtId":"MD)" + visit + R"(","setlId":"SL)" + visit + R"("}})");
  if (!check(pay)) return 1;
  std::string queryId = DataString(pay, "queryId");

  check(Run(++step, "交易状态查询 HOS00012 (status query)", R"({"transCode":"HOS00012","data":{"orderId":")" + payId + R"(",)" + hosp + "}}"));

  check(Run(++step, "退费 HOS00004 (partial refund 23.45 元)",
            R"({"transCode":"HOS00004","data":{"orderId":")" + refundId + R"(","origOrderId":")" + queryId +
                R"(","amtRefund":2345,)" + hosp + "}}"));

  check(Run(++step, "出院结算试算 HOST0014 (discharge trial: 200.00 元 bill, 120.00 元 paid otherwise)",
            R"({"transCode":"HOST0014","data":{"trialId":")" + trialId + R"(","treatmentSerialNo":")" + visit +
                R"(","setlId":"SL)" + visit + R"(",)" + hosp + R"(,"origPayQueryId":")" + queryId +
                R"(","settleAmt":20000,"nonCreditPayAmt":12000}})"));

  check(Run(++step, "出院结算 HOS00014 (discharge settlement)",
            R"({"transCode":"HOS00014","data":{"trialId":")" + trialId + R"(","orderId":")" + settleId +
                R"(","treatmentSerialNo":")" + visit + R"(","setlId":"SL)" + visit + R"(",)" + hosp +
                R"(,"origPayQueryId":[")" + queryId + R"("],"settleAmt":20000,"nonCreditPayAmt":12000,"miAmt":9000,"budgetAmt":0,"grAmt":3000}})"));

  // The AMP regional portal: the seed-001 input form (control keys inside data), then the
  // short form with "api" and the [amp] section of the config.
  std::printf("\n区域医保支付门户 AMP (%s)\n", sb.ampUrl().c_str());
  const std::string medOrgOrd = "ZL" + crypto::RandomAlnum(14), outRefundNo = "ORN" + crypto::RandomAlnum(12);
  const std::string org = R"("orgCode":"H35010200227")";
  his.Owe(medOrgOrd, "460029196507081627", "88.00");
  check(Run(++step, "医疗消息推送 AMP_HOS_001 pushMsg (待结算 88.00 元)",
            R"({"data":{"serverAddr":")" + sb.ampUrl() + R"(/pushMsg","appId":")" + sandbox::kDefaultAppId + R"(","appKey":")" +
                sandbox::kDefaultAppKey + R"(","encryptType":"SM4","signType":"SM3","version":"1.0.0","hisCustType":"",)"
                R"("hisCustId":"532494","appType":"01","medOrgOrd":")" + medOrgOrd + R"(","orderStatus":"MERCHANT_WAIT_PAY",)" + org +
                R"(,"patientName":"周大鹏","idType":"01","idNo":"460029196507081627","pushType":"HOSPITAL_PAYMENT","amount":"88.00",)"
                R"("deptName":"总院牙体牙髓科","drName":"周小鹏","extData":null},"orgId":")" + sandbox::kDefaultOrgId + R"("})"));
  // The patient pays in the portal; ORG_003 would now tell the hospital the settlement's ids.
  json::Document ids;
  {
    transport::HttpClient http(TransportConfig{});  // closed before the sandbox stops
    transport::Failure failure;
    auto settled = http.Get(sb.baseUrl() + "/sandbox/amp/settlement?medOrgOrd=" + medOrgOrd, &failure);
    if (!settled.ok() || !json::Parse(settled.value.body, &ids).ok()) return 1;
  }
  std::printf("\n    (患者在门户完成支付：ampTraceId=%s traceId=%s；门户随即通知医院)\n",
              json::GetStringOr(ids, "ampTraceId", "").c_str(), json::GetStringOr(ids, "traceId", "").c_str());
  // The portal tells the hospital: ORG_001, ORG_002, ORG_003 into the gateway, the HIS books it.
  failures += PrintInbound(sb, his, &inboundShown, &step);
  std::string bookedYuan;
  int booked = his.booked(medOrgOrd, &bookedYuan);
  std::printf("    HIS 核对 check : 门户支付 %s 入账 %d 次，金额 %s 元%s\n", medOrgOrd.c_str(), booked, bookedYuan.c_str(),
              booked == 1 && bookedYuan == "88.00" ? "" : "   ← FAILED");
  if (booked != 1 || bookedYuan != "88.00") ++failures;
  check(Run(++step, "平台退款申请 AMP_HOS_002 refund (退自费 20.00 元)",
            R"({"api":"refund","data":{"ampTraceId":")" + json::GetStringOr(ids, "ampTraceId", "") + R"(","traceId":")" +
                json::GetStringOr(ids, "traceId", "") + R"(","orgTraceNo":")" + medOrgOrd + R"(",)" + org +
                R"(,"refundReason":"患者要求退费","refundAmount":"20.00","refundType":"01","outRefundNo":")" + outRefundNo +
                R"(","orgRefundSn":"OR)" + outRefundNo + R"("}})"));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  check(Run(++step, "查询退款结果 AMP_HOS_003 queryRefundResult",
            R"({"api":"AMP_HOS_003","data":{)" + org + R"(,"outRefundNo":")" + outRefundNo + R"("}})"));
  Step bill = Run(++step, "对账文件获取 AMP_HOS_004 getTradeFile (download: true)",
                  R"({"api":"getTradeFile","download":true,"data":{)" + org + R"(,"orgSecret":")" + sandbox::kDefaultOrgSecret +
                      R"(","billDate":")" + Today() + R"(","billType":"ALL"}})");
  check(bill);
  PrintBill(bill);

  // The other platforms' calls into the hospital, set off on the sandbox (POST /sandbox/drive).
  std::printf("\n平台调用医院 inbound — 清远医保惠民平台、一帐通、医保移动支付公众号 → %s\n", OneTrans_GatewayAddress());
  {
    transport::HttpClient http(TransportConfig{});
    for (const char* flow : {"qingyuan", "yzt", "mpay"}) {
      transport::Failure failure;
      auto r = http.PostJson(sb.baseUrl() + "/sandbox/drive", std::string(R"({"flow":")") + flow + "\"}", &failure);
      if (!r.ok()) ++failures;
    }
  }
  failures += PrintInbound(sb, his, &inboundShown, &step);

  std::printf("\n%s: %d step(s) failed; the sandbox received %ld request(s) and made %zu call(s) into the hospital.\n",
              failures == 0 ? "OK" : "FAILED", failures, sb.requests(), inboundShown);
  sb.Stop();
  return failures == 0 ? 0 : 1;
}

}  // namespace onetrans::cli
