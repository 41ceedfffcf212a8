#include "router/router.h"

#include "core/json.h"
#include "exchange/amp_client.h"
#include "exchange/qingyuan_client.h"

namespace onetrans::router {
namespace {

bool LooksLikeAmp(const json::Value& input) {
  const json::Value* data = json::Find(input, "data");
  bool ampData = data != nullptr && data->IsObject() &&
                 (json::Find(*data, "serverAddr") != nullptr || json::Find(*data, "appId") != nullptr);
  return json::Find(input, "orgId") != nullptr || json::Find(input, "api") != nullptr || ampData;
}

}  // namespace

Outcome Route(const Runtime& rt, std::string_view inputUtf8) {
  json::Document input;
  json::Limits limits;
  limits.maxDepth = rt.config().abi.maxJsonDepth;
  limits.rejectNul = true;
  Status st = json::Parse(inputUtf8, &input, limits);
  if (!st.ok()) return LocalFailure(st);
  if (!input.IsObject()) return LocalFailure(Status::Fail(rc::kInvalidInput, "输入应为JSON对象"));
  if (json::Find(input, "transCode") != nullptr) return exchange::Run(rt, "qingyuan", exchange::qingyuan::Prepare, input);
  if (LooksLikeAmp(input)) return exchange::Run(rt, "amp", exchange::amp::Prepare, input);
  return LocalFailure(Status::Fail(rc::kInvalidInput,
                                   "无法识别的请求：清远平台请求应包含 transCode 与 data；"
                                   "区域医保支付门户请求应包含 data（含 serverAddr）与 orgId"));
}

}  // namespace onetrans::router
