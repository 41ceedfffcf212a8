// The inbound side of the C boundary (PROTOCOL.md §9.4): the codec pair for a HIS with its own
// web server, and the in-process gateway. Same rules as exports.cpp: arguments first, nothing
// thrown across, nothing written past a buffer (these allocate what they return).
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include "abi/codes.h"
#include "core/paths.h"
#include "gateway/gateway.h"
#include "handler/callback.h"
#include "inbound/inbound.h"
#include "onetrans/onetrans.h"
#include "runtime/runtime.h"

namespace onetrans::abi {
namespace {

char* Copy(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p != nullptr) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

std::string ErrorJson(const std::string& why) {
  json::Document d(rapidjson::kObjectType);
  d.AddMember("error", json::Str(why, d.GetAllocator()), d.GetAllocator());
  return json::Serialize(d);
}

// The running gateway: one per process.
std::mutex g_gatewayMu;
std::unique_ptr<gateway::Gateway> g_gateway;
std::string g_address;

}  // namespace
}  // namespace onetrans::abi

extern "C" {

ONETRANS_API void ONETRANS_CALL OneTrans_Reply(void* reply, const char* json) {
  try {
    if (!onetrans::handler::DeliverReply(reply, json)) onetrans::abi::SetLastError("OneTrans_Reply: not a call in progress");
  } catch (...) {
  }
}

ONETRANS_API int ONETRANS_CALL OneTrans_InboundOpen(const char* route, const char* body, char** out) {
  using namespace onetrans::abi;
  if (out == nullptr) {
    SetLastError("out is NULL");
    return ONETRANS_E_BAD_INPUT;
  }
  *out = nullptr;
  if (route == nullptr || body == nullptr) {
    SetLastError(route == nullptr ? "route is NULL" : "body is NULL");
    return ONETRANS_E_BAD_INPUT;
  }
  try {
    onetrans::KeepLibraryLoaded();
    onetrans::Status st;
    auto rt = onetrans::Runtime::Current(&st);
    if (!rt) {
      SetLastError("配置加载失败：" + st.message);
      *out = Copy(ErrorJson("OneTrans 配置加载失败"));
      return static_cast<int>(st.code);
    }
    onetrans::inbound::Opened o = onetrans::inbound::Open(*rt, route, body);
    if (o.refused) {
      SetLastError(o.why);
      *out = Copy(o.reply);
      return o.answered ? ONETRANS_ANSWERED : ONETRANS_E_BAD_INPUT;
    }
    *out = Copy(o.call.handlerRequest);
    SetLastError("");
    return *out != nullptr ? ONETRANS_OK : ONETRANS_E_INTERNAL;
  } catch (...) {
    return ONETRANS_E_INTERNAL;
  }
}

ONETRANS_API int ONETRANS_CALL OneTrans_InboundSeal(const char* request, const char* reply, char** out) {
  using namespace onetrans::abi;
  if (out == nullptr) {
    SetLastError("out is NULL");
    return ONETRANS_E_BAD_INPUT;
  }
  *out = nullptr;
  if (request == nullptr) {
    SetLastError("request is NULL");
    return ONETRANS_E_BAD_INPUT;
  }
  try {
    onetrans::Status st;
    auto rt = onetrans::Runtime::Current(&st);
    if (!rt) {
      SetLastError("配置加载失败：" + st.message);
      return static_cast<int>(st.code);
    }
    auto call = onetrans::inbound::Recall(*rt, request);
    if (!call.ok()) {
      SetLastError(call.status.message);
      *out = Copy(ErrorJson(call.status.message));
      return ONETRANS_E_BAD_INPUT;
    }
    onetrans::inbound::HandlerResult result;
    result.replied = reply != nullptr;
    if (reply != nullptr) result.reply = reply;
    else result.why = "the HIS gave no reply (OneTrans_InboundSeal with reply NULL)";
    *out = Copy(onetrans::inbound::Seal(*rt, call.value, result));
    SetLastError("");
    return *out != nullptr ? ONETRANS_OK : ONETRANS_E_INTERNAL;
  } catch (...) {
    return ONETRANS_E_INTERNAL;
  }
}

ONETRANS_API int ONETRANS_CALL OneTrans_GatewayStart(const char* config, OneTransHandler handler, void* user) {
  using namespace onetrans::abi;
  try {
    onetrans::KeepLibraryLoaded();
    std::lock_guard<std::mutex> lock(g_gatewayMu);
    if (g_gateway) {
      SetLastError("the gateway already runs: call OneTrans_GatewayStop first");
      return ONETRANS_E_BAD_INPUT;
    }
    if (config != nullptr) {
      onetrans::Status st = onetrans::Runtime::Init(config);
      if (!st.ok()) {
        SetLastError(st.message);
        return static_cast<int>(st.code);
      }
    }
    onetrans::Status st;
    auto rt = onetrans::Runtime::Current(&st);
    if (!rt) {
      SetLastError(st.message);
      return static_cast<int>(st.code);
    }
    auto gw = onetrans::gateway::Gateway::Start(rt, handler, user);
    if (!gw.ok()) {
      SetLastError(gw.status.message);
      return static_cast<int>(gw.status.code);
    }
    g_gateway = std::move(gw.value);
    g_address = g_gateway->url();
    SetLastError("");
    return ONETRANS_OK;
  } catch (...) {
    return ONETRANS_E_INTERNAL;
  }
}

ONETRANS_API const char* ONETRANS_CALL OneTrans_GatewayAddress(void) {
  std::lock_guard<std::mutex> lock(onetrans::abi::g_gatewayMu);
  return onetrans::abi::g_address.c_str();
}

ONETRANS_API void ONETRANS_CALL OneTrans_GatewayStop(void) {
  try {
    std::unique_ptr<onetrans::gateway::Gateway> gw;
    {
      std::lock_guard<std::mutex> lock(onetrans::abi::g_gatewayMu);
      gw.swap(onetrans::abi::g_gateway);
      onetrans::abi::g_address.clear();
    }
    if (gw) gw->Stop(10000);
  } catch (...) {
  }
}

}  // extern "C"
