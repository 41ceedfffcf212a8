#include "abi/codes.h"

#include <cstdio>
#include <mutex>
#include <set>

#include "core/status.h"
#include "onetrans/onetrans.h"

namespace onetrans::abi {
namespace {

// The internal enum and the public constants are one table.
static_assert(static_cast<int>(Code::kOk) == ONETRANS_OK);
static_assert(static_cast<int>(Code::kInternal) == ONETRANS_E_INTERNAL);
static_assert(static_cast<int>(Code::kTransport) == ONETRANS_E_TRANSPORT);
static_assert(static_cast<int>(Code::kDecrypt) == ONETRANS_E_DECRYPT);
static_assert(static_cast<int>(Code::kSignature) == ONETRANS_E_SIGNATURE);
static_assert(static_cast<int>(Code::kInvalidInput) == ONETRANS_E_BAD_INPUT);
static_assert(static_cast<int>(Code::kBufferTooSmall) == ONETRANS_E_BUFFER);
static_assert(static_cast<int>(Code::kOutcomeUnknown) == ONETRANS_E_UNKNOWN_OUTCOME);
static_assert(static_cast<int>(Code::kBadBill) == ONETRANS_E_BAD_BILL);
static_assert(static_cast<int>(Code::kAnswered) == ONETRANS_ANSWERED);

bool IsOwn(int code) {
  switch (code) {
    case ONETRANS_OK: case ONETRANS_E_INTERNAL: case ONETRANS_E_TRANSPORT: case ONETRANS_E_DECRYPT:
    case ONETRANS_E_SIGNATURE: case ONETRANS_E_BAD_INPUT: case ONETRANS_E_BUFFER: case ONETRANS_E_UNKNOWN_OUTCOME:
    case ONETRANS_E_BAD_BILL: case ONETRANS_ANSWERED:
      return true;
    default:
      return false;
  }
}

// No default: under -Werror a new Code without a text here does not compile.
const char* OwnText(Code code) {
  switch (code) {
    case Code::kOk: return "成功：交易已完成（业务结果见出参 code） / OK: the exchange completed (the output's code holds the business result)";
    case Code::kInternal: return "内部错误（内存不足或交易日志不可写），未发送 / internal error (out of memory, journal unwritable); nothing sent";
    case Code::kTransport: return "通讯失败：连接、TLS、超时、HTTP状态非200或应答不是JSON / transport failure: connect, TLS, timeout, HTTP status != 200, not JSON";
    case Code::kDecrypt: return "应答 encData 无法解密 / the reply's encData could not be decrypted";
    case Code::kSignature: return "应答签名缺失或错误 / the reply's signature is missing or wrong";
    case Code::kInvalidInput: return "输入被拒绝，未发送：出参 message 指明字段与规则 / input refused, nothing sent: the output's message names the field and rule";
    case Code::kBufferTooSmall: return "出参缓冲区不足：用同一请求和更大的缓冲区重试（付款类交易从交易日志返回，不会重复发送） / output buffer too small: retry the same request with a bigger buffer (a payment is answered from the journal, never sent twice)";
    case Code::kOutcomeUnknown: return "交易结果未知：请勿重发，按出参 query 查询 / outcome unknown: do not resend; run the query named in the output";
    case Code::kBadBill: return "对账文件无效（摘要、压缩包或行格式） / the bill file is invalid (digest, archive or line format)";
    case Code::kAnswered: return "平台请求已由交易日志应答（重复请求），原样回复平台即可 / the platform's request was answered from the journal (a repeat): send the reply as it is";
  }
  return "未知返回码 / unknown return code";
}

}  // namespace

const char* CodeString(int code) {
  switch (code) {
    case 0: return "000000";
    case 2: return "000002";
    case 100: return "000100";
    case 101: return "000101";
    case 102: return "000102";
    case 105: return "000105";
    case 106: return "000106";
    case 107: return "000107";
    case 108: return "000108";
    case 109: return "000109";
    default: break;
  }
  // A gateway's own code: kept once, for the life of the process.
  static std::mutex mu;
  static auto* others = new std::set<std::string>;
  char buf[24];
  std::snprintf(buf, sizeof buf, code < 0 ? "%d" : "%06d", code);
  std::lock_guard<std::mutex> lock(mu);
  return others->insert(buf).first->c_str();
}

#if defined(_WIN32)
const wchar_t* CodeStringW(int code) {
  static std::mutex mu;
  static auto* codes = new std::set<std::wstring>;
  std::string narrow = CodeString(code);
  std::lock_guard<std::mutex> lock(mu);
  return codes->insert(std::wstring(narrow.begin(), narrow.end())).first->c_str();
}
#endif

const char* StrError(int code) {
  if (IsOwn(code)) return OwnText(static_cast<Code>(code));
  switch (code) {
    case ONETRANS_P_UNKNOWN: return "平台：未知错误 / 请求应用非法，APPID无效 / platform: unknown error or invalid APPID";
    case ONETRANS_P_MAINTENANCE: return "平台：系统维护中，请等待恢复 / platform: under maintenance";
    case ONETRANS_P_REPLAY: return "平台：重放攻击拦截，请勿重复操作 / platform: replay refused";
    case ONETRANS_P_NOT_OPEN: return "平台：该功能未开放 / platform: function not available";
    case ONETRANS_P_FATAL: return "平台：程序存在致命性错误，请联系系统管理员 / platform: fatal error, contact the administrator";
    default: return "未知返回码 / unknown return code";
  }
}

namespace {
thread_local std::string t_lastError;
}  // namespace

void SetLastError(std::string message) {
  try {
    t_lastError = std::move(message);
  } catch (...) {
    t_lastError.clear();
  }
}

const char* LastError() { return t_lastError.c_str(); }

}  // namespace onetrans::abi
