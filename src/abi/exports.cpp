// The C boundary. Arguments are checked before anything else happens (no configuration is
// loaded, nothing is sent or journaled for a bad pointer or size); nothing thrown below may
// cross it; nothing is ever written past what the caller said it allocated.
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "abi/codes.h"
#include "abi/host_text.h"
#include "core/charset.h"
#include "core/paths.h"
#include "onetrans/onetrans.h"
#include "router/router.h"
#include "runtime/runtime.h"

namespace onetrans::abi {
namespace {

static_assert(sizeof(ONETRANS_VERSION) > 1, "onetrans/version.h defines ONETRANS_VERSION");

// What the host's narrow buffers hold: abi.charset, or UTF-8 converted from MobileTransW's UTF-16.
enum class HostForm { kConfigured, kUtf8 };

HostAnswer Failed(Code code, const std::string& message, bool gbk, std::size_t outBufferSize) {
  return ToHost(LocalFailure(Status::Fail(code, message)), gbk, outBufferSize);
}

// One call. `in` is not null.
HostAnswer Run(const char* in, HostForm form) noexcept {
  try {
    KeepLibraryLoaded();
    Status st;
    HostDeclared declared;
    auto rt = Runtime::Current(&st, &declared);
    if (!rt) {
      bool gbk = form == HostForm::kConfigured && declared.charset == "GBK";
      return Failed(st.code, "配置加载失败：" + st.message, gbk, declared.outBufferSize);
    }
    const AbiConfig& abi = rt->config().abi;
    bool gbk = form == HostForm::kConfigured && abi.charset == "GBK";
    std::size_t len = std::strlen(in);
    if (len > abi.maxRequestBytes)
      return Failed(rc::kInvalidInput,
                    "输入长度 " + std::to_string(len) + " 字节超过上限 " + std::to_string(abi.maxRequestBytes) + "（abi.maxRequestBytes）",
                    gbk, abi.outBufferSize);
    std::string converted;
    auto utf8 = FromHost(std::string_view(in, len), gbk, &converted);
    if (!utf8.ok()) return ToHost(LocalFailure(utf8.status), gbk, abi.outBufferSize);
    return ToHost(router::Route(*rt, utf8.value), gbk, abi.outBufferSize);
  } catch (const std::bad_alloc&) {
    HostAnswer h;
    h.code = static_cast<int>(Code::kInternal);
    h.text = R"({"code":-1,"message":"out of memory","origin":"local","data":null})";
    h.message = "out of memory";
    return h;
  } catch (...) {
    HostAnswer h;
    h.code = static_cast<int>(Code::kInternal);
    h.text = R"({"code":-1,"message":"internal error","origin":"local","data":null})";
    h.message = "internal error";
    return h;
  }
}

// The answer to a null or invalid argument; at most 64 characters with the NUL, so it fits any
// buffer the configuration allows — it is written before the configuration is read.
constexpr char kNullInput[] = R"({"code":-2,"message":"pInData is NULL","origin":"local"})";
static_assert(sizeof kNullInput <= 64, "fits the smallest abi.outBufferSize");

template <typename Ch>
void Write(const std::string& text, Ch* out) {
  for (std::size_t i = 0; i < text.size(); ++i) out[i] = static_cast<Ch>(static_cast<unsigned char>(text[i]));
  out[text.size()] = Ch(0);
}

}  // namespace
}  // namespace onetrans::abi

using onetrans::abi::HostAnswer;

extern "C" {

ONETRANS_API const char* ONETRANS_CALL MobileTrans(char* pInData, char* pOutData) {
  using namespace onetrans::abi;
  if (pOutData == nullptr) {
    SetLastError("pOutData is NULL");
    return CodeString(ONETRANS_E_BAD_INPUT);
  }
  if (pInData == nullptr) {
    std::memcpy(pOutData, kNullInput, sizeof kNullInput);
    SetLastError("pInData is NULL");
    return CodeString(ONETRANS_E_BAD_INPUT);
  }
  try {
    HostAnswer h = Run(pInData, HostForm::kConfigured);
    Fitted f = Fit(h, h.outBufferSize);
    std::memcpy(pOutData, f.text.c_str(), f.text.size() + 1);
    SetLastError(f.code == 0 ? std::string() : h.message.empty() ? std::string(StrError(f.code)) : h.message);
    return CodeString(f.code);
  } catch (...) {
    return CodeString(ONETRANS_E_INTERNAL);
  }
}

#if defined(_WIN32)
ONETRANS_API const wchar_t* ONETRANS_CALL MobileTransW(wchar_t* pInData, wchar_t* pOutData) {
  using namespace onetrans::abi;
  if (pOutData == nullptr) {
    SetLastError("pOutData is NULL");
    return CodeStringW(ONETRANS_E_BAD_INPUT);
  }
  if (pInData == nullptr) {
    Write(std::string(kNullInput), pOutData);
    SetLastError("pInData is NULL");
    return CodeStringW(ONETRANS_E_BAD_INPUT);
  }
  try {
    auto utf8 = onetrans::charset::Utf16ToUtf8(pInData);
    HostAnswer h;
    if (utf8.ok()) {
      h = Run(utf8.value.c_str(), HostForm::kUtf8);
    } else {
      onetrans::Status st;
      onetrans::HostDeclared declared;
      auto rt = onetrans::Runtime::Current(&st, &declared);
      h = onetrans::abi::ToHost(onetrans::LocalFailure(utf8.status), false,
                                rt ? rt->config().abi.outBufferSize : declared.outBufferSize);
    }
    // abi.outBufferSize counts wchar_t here: fit the UTF-16 length.
    std::wstring wide = onetrans::charset::Utf8ToUtf16(h.text);
    int code = h.code;
    if (wide.size() + 1 > h.outBufferSize) {
      Fitted f = Fit(h, h.outBufferSize);
      wide = onetrans::charset::Utf8ToUtf16(f.text);
      code = f.code;
      // A UTF-16 text is never longer (in units) than its UTF-8 bytes, so what fit as bytes fits.
    }
    std::memcpy(pOutData, wide.c_str(), (wide.size() + 1) * sizeof(wchar_t));
    SetLastError(code == 0 ? std::string() : h.message);
    return CodeStringW(code);
  } catch (...) {
    return CodeStringW(ONETRANS_E_INTERNAL);
  }
}
#endif

ONETRANS_API int ONETRANS_CALL MobileTransEx(const char* in, char* out, int outCap, int* outLen) {
  using namespace onetrans::abi;
  if (in == nullptr || out == nullptr || outCap < 1) {
    if (outLen != nullptr) *outLen = 0;
    SetLastError(in == nullptr ? "in is NULL" : out == nullptr ? "out is NULL" : "outCap < 1");
    return ONETRANS_E_BAD_INPUT;
  }
  try {
    HostAnswer h = Run(in, HostForm::kConfigured);
    if (outLen != nullptr) *outLen = static_cast<int>(h.text.size());
    if (static_cast<std::size_t>(outCap) < h.text.size() + 1) {
      out[0] = '\0';
      SetLastError("out: " + std::to_string(outCap) + " bytes, the answer needs " + std::to_string(h.text.size() + 1));
      return ONETRANS_E_BUFFER;
    }
    std::memcpy(out, h.text.c_str(), h.text.size() + 1);
    SetLastError(h.code == 0 ? std::string() : h.message);
    return h.code;
  } catch (...) {
    return ONETRANS_E_INTERNAL;
  }
}

ONETRANS_API int ONETRANS_CALL OneTrans_Call(const char* in, char** out) {
  using namespace onetrans::abi;
  if (out == nullptr) {
    SetLastError("out is NULL");
    return ONETRANS_E_BAD_INPUT;
  }
  *out = nullptr;
  if (in == nullptr) {
    SetLastError("in is NULL");
    return ONETRANS_E_BAD_INPUT;
  }
  try {
    HostAnswer h = Run(in, HostForm::kConfigured);
    *out = static_cast<char*>(std::malloc(h.text.size() + 1));
    if (*out == nullptr) return ONETRANS_E_INTERNAL;
    std::memcpy(*out, h.text.c_str(), h.text.size() + 1);
    SetLastError(h.code == 0 ? std::string() : h.message);
    return h.code;
  } catch (...) {
    return ONETRANS_E_INTERNAL;
  }
}

ONETRANS_API void ONETRANS_CALL OneTrans_Free(char* p) { std::free(p); }

ONETRANS_API const char* ONETRANS_CALL OneTrans_Version(void) { return ONETRANS_VERSION_STRING; }

ONETRANS_API int ONETRANS_CALL OneTrans_VersionNumber(void) { return ONETRANS_VERSION_NUM; }

ONETRANS_API const char* ONETRANS_CALL OneTrans_StrError(int code) { return onetrans::abi::StrError(code); }

ONETRANS_API const char* ONETRANS_CALL OneTrans_LastError(void) { return onetrans::abi::LastError(); }

ONETRANS_API int ONETRANS_CALL OneTrans_Init(const char* config) {
  using namespace onetrans::abi;
  try {
    onetrans::KeepLibraryLoaded();
    onetrans::Status st = onetrans::Runtime::Init(config);
    SetLastError(st.message);
    return static_cast<int>(st.code);
  } catch (...) {
    return ONETRANS_E_INTERNAL;
  }
}

ONETRANS_API void ONETRANS_CALL OneTrans_Cleanup(void) {
  try {
    onetrans::Runtime::Cleanup();
  } catch (...) {
  }
}

}  // extern "C"
