// `onetrans demo`: a whole hospital flow against an in-process sandbox, through the
// public C ABI exactly as a HIS would call it.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "core/json.h"
#include "core/log.h"
#include "crypto/crypto.h"
#include "onetrans/onetrans.h"
#include "sandbox/sandbox.h"

namespace onetrans::cli {
namespace {

struct Step {
  int rc = 0;
  json::Document out;
};

Step Run(int n, const char* title, const std::string& request) {
  std::printf("\n[%d] %s\n    请求 request : %s\n", n, title, MaskJson(request).c_str());
  // Two-call pattern: ask for the size, then fetch the whole answer.
  int len = 0;
  std::string out(4096, '\0');
  int rc = MobileTransEx(request.c_str(), out.data(), static_cast<int>(out.size()), &len);
  if (rc == 106 && len > 0) {
    out.assign(static_cast<std::size_t>(len) + 1, '\0');
    rc = MobileTransEx(request.c_str(), out.data(), len + 1, &len);
  }
  out.resize(static_cast<std::size_t>(len));
  char buf[16];
  std::printf("    返回码 return : %s\n    应答 answer  : %s\n", CodeText(rc, buf, sizeof buf), MaskJson(out).c_str());
  Step s;
  s.rc = rc;
  json::Parse(out, &s.out);
  return s;
}

std::string DataString(const Step& s, const char* name) {
  const json::Value* data = json::Find(s.out, "data");
  return data != nullptr ? json::GetStringOr(*data, name, "") : "";
}

bool Succeeded(const Step& s) {
  const json::Value* code = json::Find(s.out, "code");
  return s.rc == 0 && code != nullptr && code->IsInt() && code->GetInt() == 0;
}

}  // namespace

int Demo(int, char**) {
  sandbox::Sandbox sb(sandbox::Options{});
  Status st = sb.Start();
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.message.c_str());
    return 1;
  }
  std::printf("OneTrans %s demo — 清远医保惠民平台沙箱 listening on %s\n", OneTrans_Version(), sb.baseUrl().c_str());
  std::string config = R"({"qingyuan":{"serverAddr":")" + sb.qingyuanUrl() + R"(","platformId":")" +
                       sandbox::kDefaultPlatformId + R"(","key":")" + sandbox::kDefaultKey + R"("}})";
  if (OneTrans_Init(config.c_str()) != 0) {
    std::fprintf(stderr, "OneTrans_Init failed\n");
    return 1;
  }
  const std::string hosp = R"("hospitalId":"QYH44180200001","cityCode":"441800")";
  const std::string visit = "ZY" + crypto::RandomAlnum(10);
  const std::string payId = "PAY" + crypto::RandomAlnum(12), refundId = "RFD" + crypto::RandomAlnum(12);
  const std::string trialId = "TRL" + crypto::RandomAlnum(12), settleId = "STL" + crypto::RandomAlnum(12);
  int failures = 0;
  auto check = [&](const Step& s) { failures += Succeeded(s) ? 0 : 1; return Succeeded(s); };

  Step sign = Run(1, "签约查询 HOS00001 (sign-status query)",
                  R"({"transCode":"HOS00001","data":{"idNo":"441802198708081050","idType":"01","userName":"张三丰",)" + hosp +
                      R"(,"treatmentSerialNo":")" + visit + R"(","mobile":"13800000001"}})");
  if (!check(sign)) return 1;
  std::string token = DataString(sign, "signToken");

  Step pay = Run(2, "支付 HOS00003 (pay a 123.45 元 deposit)",
                 R"({"transCode":"HOS00003","data":{"signToken":")" + token + R"(","orderId":")" + payId +
                     R"(","amt":12345,)" + hosp + R"(,"orderType":"2","mdtrtId":"MD)" + visit + R"(","setlId":"SL)" + visit + R"("}})");
  if (!check(pay)) return 1;
  std::string queryId = DataString(pay, "queryId");

  check(Run(3, "交易状态查询 HOS00012 (status query)", R"({"transCode":"HOS00012","data":{"orderId":")" + payId + R"(",)" + hosp + "}}"));

  check(Run(4, "退费 HOS00004 (partial refund 23.45 元)",
            R"({"transCode":"HOS00004","data":{"orderId":")" + refundId + R"(","origOrderId":")" + queryId +
                R"(","amtRefund":2345,)" + hosp + "}}"));

  check(Run(5, "出院结算试算 HOST0014 (discharge trial: 200.00 元 bill, 120.00 元 paid otherwise)",
            R"({"transCode":"HOST0014","data":{"trialId":")" + trialId + R"(","treatmentSerialNo":")" + visit +
                R"(","setlId":"SL)" + visit + R"(",)" + hosp + R"(,"origPayQueryId":")" + queryId +
                R"(","settleAmt":20000,"nonCreditPayAmt":12000}})"));

  check(Run(6, "出院结算 HOS00014 (discharge settlement)",
            R"({"transCode":"HOS00014","data":{"trialId":")" + trialId + R"(","orderId":")" + settleId +
                R"(","treatmentSerialNo":")" + visit + R"(","setlId":"SL)" + visit + R"(",)" + hosp +
                R"(,"origPayQueryId":[")" + queryId + R"("],"settleAmt":20000,"nonCreditPayAmt":12000,"miAmt":9000,"budgetAmt":0,"grAmt":3000}})"));

  std::printf("\n%s: %d step(s) failed; the sandbox received %ld request(s).\n", failures == 0 ? "OK" : "FAILED", failures,
              sb.requests());
  OneTrans_Cleanup();
  sb.Stop();
  return failures == 0 ? 0 : 1;
}

}  // namespace onetrans::cli
