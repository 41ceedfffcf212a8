// An inbound route (PROTOCOL.md §9) on arbitrary bodies: the platform's own checks, the catalog,
// the journal, then the handler's reply sealed — with a reply made of the same bytes. Compiled
// once per route (ONETRANS_FUZZ_ROUTE). The first byte chooses: the bytes as the wire body, or
// as business data that the target wraps in a correctly signed request first, so that the
// fuzzer reaches past the signature into the catalog and the reply checks.
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/json.h"
#include "inbound/inbound.h"
#include "platform/qingyuan.h"
#include "platform/yzt.h"
#include "runtime/runtime.h"

namespace {

const char* kRoute = ONETRANS_FUZZ_ROUTE;
const char* kKey = "A1B2C3D4E5F60718293A4B5C6D7E8F90";

onetrans::Runtime& Rt() {
  static onetrans::Runtime* rt = [] {
    std::string journal = "/tmp/fuzz-inbound-" + std::string(kRoute) + ".db";
    std::remove(journal.c_str());
    auto cfg = onetrans::LoadConfig((R"({"qingyuan":{"platformId":"QY000001","key":")" + std::string(kKey) +
                                     R"("},"journal":{"path":")" + journal +
                                     R"("},"gateway":{"yzt":{"secret":"YZTSECRET12345"},"amp":{"allowFrom":"*"},"mpay":{"allowFrom":"*"}}})")
                                        .c_str());
    if (!cfg.ok()) __builtin_trap();
    return new onetrans::Runtime(cfg.value);
  }();
  return *rt;
}

std::string Wrapped(const std::string& data, std::string* path) {
  std::string route(kRoute);
  if (route == "qingyuan") {
    onetrans::platform::qingyuan::Request r;
    r.transCode = data.size() % 3 == 0 ? "HIS00002" : data.size() % 3 == 1 ? "HIS00003" : "HIS00004";
    r.platformId = "QY000001";
    r.platformSeqId = onetrans::platform::qingyuan::NewPlatformSeqId();
    onetrans::platform::qingyuan::LocalDateTime(&r.platformTransDate, &r.platformTransTime);
    r.plaintext = data;
    auto body = onetrans::platform::qingyuan::BuildRequestBody(r, kKey);
    *path = "qingyuan";
    return body.ok() ? body.value : data;
  }
  if (route == "yzt") {
    onetrans::json::Document d;
    *path = "yzt";
    if (!onetrans::json::Parse(data, &d).ok() || !d.IsObject()) return data;
    return onetrans::platform::yzt::Seal(d, "YZTSECRET12345");
  }
  static const char* amp[] = {"queryAccount", "queryUnsettleList", "rechargeSettle", "querySettleResult", "cancelRechargeSettle",
                              "queryOrgTips", "orgPreorder", "orgHsTradeFile", "orgHsTradeCancel"};
  *path = route == "amp" ? std::string("amp/") + amp[data.size() % 9] : std::string("mpay/") + (data.size() % 2 ? "order" : "result");
  return data;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  std::string data(reinterpret_cast<const char*>(bytes) + 1, size - 1);
  std::string path = kRoute;
  std::string body = (bytes[0] & 1) ? Wrapped(data, &path) : data;
  if (!(bytes[0] & 1) && (path == "amp" || path == "mpay")) Wrapped(data, &path);
  onetrans::inbound::Opened o = onetrans::inbound::Open(Rt(), path, body);
  if (o.refused) {
    if (o.reply.empty()) __builtin_trap();  // a refusal is always an answer to send
    return 0;
  }
  onetrans::inbound::HandlerResult reply;
  reply.replied = (bytes[0] & 2) == 0;
  reply.reply = data;
  std::string sealed = onetrans::inbound::Seal(Rt(), o.call, reply);
  if (sealed.empty()) __builtin_trap();
  auto again = onetrans::inbound::Recall(Rt(), o.call.handlerRequest);
  if (!again.ok()) __builtin_trap();  // what Open gave is always a request Seal knows
  return 0;
}
