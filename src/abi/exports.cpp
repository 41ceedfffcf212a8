// The C boundary: buffers, charset and return codes. Nothing thrown below may cross it,
// and nothing is ever written past what the caller said it allocated.
#include <chrono>
#include <cstdlib>
#include <memory>
#include <cstring>
#include <mutex>
#include <new>
#include <set>
#include <string>

#include "abi/charset.h"
#include "core/outcome.h"
#include "core/runtime.h"
#include "onetrans/onetrans.h"
#include "router/router.h"

namespace onetrans {
namespace {

// Return codes handed to the host are static and never freed (the vendor DLL's contract).
// The library's own codes are literals, found without a lock; a gateway's code is kept once.
const char* StaticCode(const std::string& code) {
  for (const char* own : {rc::kOk, rc::kInternal, rc::kTransport, rc::kDecrypt, rc::kSignature, rc::kInvalidInput,
                          rc::kBufferTooSmall, rc::kOutcomeUnknown, rc::kBadBill})
    if (code == own) return own;
  static std::mutex mu;
  static auto* others = new std::set<std::string>;
  std::lock_guard<std::mutex> lock(mu);
  return others->insert(code).first->c_str();
}

#if defined(_WIN32)
const wchar_t* StaticCodeW(const std::string& code) {
  static std::mutex mu;
  static auto* codes = new std::set<std::wstring>;
  std::lock_guard<std::mutex> lock(mu);
  return codes->insert(std::wstring(code.begin(), code.end())).first->c_str();
}
#endif

struct HostOutcome {
  std::string code;
  std::string text;  // output JSON in the host's charset
  std::size_t outBufferSize = 8192;
};

// What the host's narrow buffers hold: abi.charset, or UTF-8 converted from MobileTransW's UTF-16.
enum class HostText { kConfigured, kUtf8 };

// `inputError`: the input could not even be decoded (MobileTransW); answered like any bad input.
HostOutcome Run(const char* in, HostText form = HostText::kConfigured, const Status* inputError = nullptr) noexcept {
  HostOutcome h;
  try {
    KeepLibraryLoaded();
    Status st;
    auto rt = Runtime::Current(&st);
    if (!rt) {
      Outcome o = LocalFailure(Status::Fail(st.code.c_str(), "配置加载失败：" + st.message));
      h.code = o.code;
      h.text = std::move(o.json);
      return h;
    }
    const AbiConfig& abi = rt->config().abi;
    h.outBufferSize = abi.outBufferSize;
    bool gbk = form == HostText::kConfigured && abi.charset == "GBK";
    Outcome o;
    std::size_t len = in == nullptr ? 0 : std::strlen(in);
    if (inputError != nullptr) {
      o = LocalFailure(*inputError);
    } else if (in == nullptr) {
      o = LocalFailure(Status::Fail(rc::kInvalidInput, "pInData：输入指针为空"));
    } else if (len > abi.maxRequestBytes) {
      o = LocalFailure(Status::Fail(rc::kInvalidInput, "输入长度 " + std::to_string(len) + " 字节超过上限 " +
                                                           std::to_string(abi.maxRequestBytes) + "（abi.maxRequestBytes）"));
    } else if (gbk) {
      auto utf8 = charset::GbkToUtf8(std::string_view(in, len));
      o = utf8.ok() ? router::Route(*rt, utf8.value) : LocalFailure(utf8.status);
    } else {
      Status valid = charset::CheckUtf8(std::string_view(in, len));
      o = valid.ok() ? router::Route(*rt, std::string_view(in, len)) : LocalFailure(valid);
    }
    h.code = std::move(o.code);
    h.text = gbk ? charset::Utf8ToGbk(o.json) : std::move(o.json);
  } catch (const std::bad_alloc&) {
    h.code = rc::kInternal;
    h.text = R"({"code":-1,"message":"out of memory","data":null})";
  } catch (...) {
    h.code = rc::kInternal;
    h.text = R"({"code":-1,"message":"internal error","data":null})";
  }
  return h;
}

int CodeNumber(const std::string& code) { return std::atoi(code.c_str()); }

// The answer MobileTransEx could not deliver, kept for this thread's retry. The two-call
// pattern tells the host to call again with a bigger buffer; without this, that second call
// would send the request again — a payment twice. An identical retry within a minute gets
// the kept answer and nothing is sent.
struct PendingAnswer {
  std::string input;
  HostOutcome outcome;
  std::chrono::steady_clock::time_point expires;
};
thread_local std::unique_ptr<PendingAnswer> t_pending;

HostOutcome RunOrResume(const char* in) {
  if (t_pending && in != nullptr && std::chrono::steady_clock::now() < t_pending->expires && t_pending->input == in) {
    HostOutcome h = std::move(t_pending->outcome);
    t_pending.reset();
    return h;
  }
  t_pending.reset();
  return Run(in);
}

void KeepForRetry(const char* in, const HostOutcome& h) noexcept {
  try {
    if (in == nullptr) return;
    t_pending = std::make_unique<PendingAnswer>(PendingAnswer{in, h, std::chrono::steady_clock::now() + std::chrono::minutes(1)});
  } catch (...) {
    t_pending.reset();
  }
}

// The short answer written when the real one does not fit (ASCII, so any charset reads it).
// The request itself was carried out: the host must not simply send it again.
std::string TooSmall(std::size_t needed, std::size_t cap) {
  return "{\"code\":-1,\"message\":\"buffer too small (" + std::to_string(cap) +
         " bytes); request WAS processed, do not resend: query it; raise abi.outBufferSize\",\"data\":null,\"required\":" +
         std::to_string(needed + 1) + "}";
}

// Writes the answer, or when it does not fit in `cap` characters the short too-small one,
// and returns the code to hand back. `cap` is at least 64 (config rule), enough for the short form.
template <typename Ch>
std::string Deliver(const std::basic_string<Ch>& text, const std::string& code, std::size_t cap, Ch* out) {
  if (text.size() + 1 <= cap) {
    std::memcpy(out, text.c_str(), (text.size() + 1) * sizeof(Ch));
    return code;
  }
  std::string small = TooSmall(text.size(), cap);
  if (small.size() + 1 > cap) small = "{\"code\":-1,\"data\":null,\"required\":" + std::to_string(text.size() + 1) + "}";
  for (std::size_t i = 0; i < small.size(); ++i) out[i] = static_cast<Ch>(small[i]);
  out[small.size()] = Ch(0);
  return rc::kBufferTooSmall;
}

}  // namespace
}  // namespace onetrans

using onetrans::HostOutcome;

extern "C" {

ONETRANS_API const char* ONETRANS_CALL MobileTrans(char* pInData, char* pOutData) {
  if (pOutData == nullptr) return onetrans::StaticCode(onetrans::rc::kInvalidInput);
  if (pInData == nullptr) {
    // Not even a request: answer without touching configuration or the network.
    static const char kNull[] = "{\"code\":-2,\"message\":\"pInData is null\",\"data\":null}";
    std::memcpy(pOutData, kNull, sizeof kNull);
    return onetrans::StaticCode(onetrans::rc::kInvalidInput);
  }
  HostOutcome h = onetrans::Run(pInData);
  try {
    return onetrans::StaticCode(onetrans::Deliver(h.text, h.code, h.outBufferSize, pOutData));
  } catch (...) {
    return onetrans::StaticCode(onetrans::rc::kInternal);
  }
}

#if defined(_WIN32)
ONETRANS_API const wchar_t* ONETRANS_CALL MobileTransW(wchar_t* pInData, wchar_t* pOutData) {
  if (pOutData == nullptr) return onetrans::StaticCodeW(onetrans::rc::kInvalidInput);
  if (pInData == nullptr) {
    static const wchar_t kNull[] = L"{\"code\":-2,\"message\":\"pInData is null\",\"data\":null}";
    std::memcpy(pOutData, kNull, sizeof kNull);
    return onetrans::StaticCodeW(onetrans::rc::kInvalidInput);
  }
  try {
    auto utf8 = onetrans::charset::Utf16ToUtf8(pInData);
    HostOutcome h = utf8.ok() ? onetrans::Run(utf8.value.c_str(), onetrans::HostText::kUtf8)
                              : onetrans::Run(nullptr, onetrans::HostText::kUtf8, &utf8.status);
    // abi.outBufferSize counts wchar_t here.
    std::wstring wide = onetrans::charset::Utf8ToUtf16(h.text);
    return onetrans::StaticCodeW(onetrans::Deliver(wide, h.code, h.outBufferSize, pOutData));
  } catch (...) {
    return onetrans::StaticCodeW(onetrans::rc::kInternal);
  }
}
#endif

ONETRANS_API int ONETRANS_CALL MobileTransEx(const char* in, char* out, int outCap, int* outLen) {
  HostOutcome h = onetrans::RunOrResume(in);
  if (outLen != nullptr) *outLen = static_cast<int>(h.text.size());
  if (out == nullptr || outCap <= 0 || static_cast<std::size_t>(outCap) < h.text.size() + 1) {
    if (out != nullptr && outCap > 0) out[0] = '\0';
    onetrans::KeepForRetry(in, h);
    return 106;
  }
  std::memcpy(out, h.text.c_str(), h.text.size() + 1);
  return onetrans::CodeNumber(h.code);
}

ONETRANS_API int ONETRANS_CALL OneTrans_Call(const char* in, char** out) {
  HostOutcome h = onetrans::Run(in);
  if (out == nullptr) return 105;
  *out = static_cast<char*>(std::malloc(h.text.size() + 1));
  if (*out == nullptr) return 2;
  std::memcpy(*out, h.text.c_str(), h.text.size() + 1);
  return onetrans::CodeNumber(h.code);
}

ONETRANS_API void ONETRANS_CALL OneTrans_Free(char* p) { std::free(p); }

ONETRANS_API const char* ONETRANS_CALL OneTrans_Version(void) { return ONETRANS_VERSION_STRING; }

ONETRANS_API int ONETRANS_CALL OneTrans_Init(const char* config) {
  try {
    onetrans::KeepLibraryLoaded();
    onetrans::Status st = onetrans::Runtime::Init(config);
    return onetrans::CodeNumber(st.code);
  } catch (...) {
    return 2;
  }
}

ONETRANS_API void ONETRANS_CALL OneTrans_Cleanup(void) {
  try {
    onetrans::Runtime::Cleanup();
  } catch (...) {
  }
}

}  // extern "C"
