/*
 * OneTrans — medical-insurance payment SDK (AMP regional portal, Qingyuan platform,
 * 一帐通 / 三码融合, 医保移动支付 公众号).
 *
 * This header is the specification of the library's public interface. Everything in it is
 * stable: functions and constants are only ever added (docs/ABI.md).
 *
 * Rules that hold for every function:
 *  - safe to call from any number of threads at once;
 *  - never throws, never aborts the host, never writes past a buffer the caller sized;
 *  - arguments are checked before anything else happens: a bad pointer or size is refused
 *    with ONETRANS_E_BAD_INPUT before configuration is loaded, before the network or the
 *    journal is touched — nothing is sent;
 *  - text is JSON: UTF-8 by default, GBK (code page 936) on the narrow char* entry points
 *    when the configuration says abi.charset=GBK;
 *  - every return code's meaning is OneTrans_StrError(code); the message of the last failure
 *    on the calling thread is OneTrans_LastError().
 */
#ifndef ONETRANS_ONETRANS_H
#define ONETRANS_ONETRANS_H

#include "onetrans/version.h"

/* 32-bit Windows hosts (Delphi 7, PowerBuilder) call with __stdcall, as the vendor DLL did. */
#if defined(_WIN32) && !defined(_WIN64)
#define ONETRANS_CALL __stdcall
#else
#define ONETRANS_CALL
#endif

#if defined(_WIN32)
#if defined(ONETRANS_BUILDING)
#define ONETRANS_API __declspec(dllexport)
#else
#define ONETRANS_API __declspec(dllimport)
#endif
#else
#define ONETRANS_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Return codes. MobileTrans returns them as six-digit text ("000105"), the integer entry
 * points as numbers (105). Append-only: a value never changes meaning.
 *
 * Codes the library itself decides:
 */
#define ONETRANS_OK                 0   /* "000000" the exchange completed: the output's "code" holds the business result */
#define ONETRANS_E_INTERNAL         2   /* "000002" internal error (out of memory, journal unwritable: nothing sent) */
#define ONETRANS_E_TRANSPORT      100   /* "000100" network, TLS, timeout, HTTP status != 200, not JSON */
#define ONETRANS_E_DECRYPT        101   /* "000101" the reply's encData could not be decrypted */
#define ONETRANS_E_SIGNATURE      102   /* "000102" the reply's signature is missing or wrong */
#define ONETRANS_E_BAD_INPUT      105   /* "000105" input or argument refused: nothing was sent */
#define ONETRANS_E_BUFFER         106   /* "000106" the answer does not fit the caller's buffer */
#define ONETRANS_E_UNKNOWN_OUTCOME 107  /* "000107" money may have moved: run the query named in the output; never resend */
#define ONETRANS_E_BAD_BILL       108   /* "000108" a downloaded bill file is invalid */
/* Since 1.1 (inbound): the platform's request was answered without the handler — a repeat of
 * a call already answered, or still in progress — send the reply OneTrans gave as it is. */
#define ONETRANS_ANSWERED         109   /* "000109" */
/*
 * Codes an AMP gateway may answer, passed through (the output's "origin" is "platform"):
 */
#define ONETRANS_P_UNKNOWN          1   /* "000001" 未知错误 / APPID 无效 */
#define ONETRANS_P_MAINTENANCE      3   /* "000003" 系统维护中 */
#define ONETRANS_P_REPLAY       10010   /* "010010" 重放攻击拦截 */
#define ONETRANS_P_NOT_OPEN    404404   /* "404404" 该功能未开放 */
#define ONETRANS_P_FATAL       444444   /* "444444" 程序存在致命性错误 */

/* "中文说明 / English text" of a return code; a static string, never NULL. */
ONETRANS_API const char* ONETRANS_CALL OneTrans_StrError(int code);

/* The message of the last failure on the calling thread (UTF-8, or GBK with abi.charset=GBK):
 * why OneTrans_Init refused a configuration, why an integer entry point returned what it did.
 * "" when the last call succeeded. Valid until the thread's next OneTrans call. */
ONETRANS_API const char* ONETRANS_CALL OneTrans_LastError(void);

/*
 * Vendor-compatible entry point (seed 001). Writes the response JSON, NUL-terminated, into
 * pOutData: at most abi.outBufferSize bytes (default 8192) including the NUL — also when the
 * configuration cannot be loaded (then the size it declares, or 64 bytes if that is unreadable).
 * Returns a static response-code string that must not be freed. An answer that does not fit
 * becomes a short error JSON that does ("000106"; a refused input keeps "000105" with its
 * message cut to fit). NULL pInData or pOutData: "000105", nothing written through NULL.
 *
 * Output: {"code": 0, "message": "…", "origin": "platform"|"local", …, "data": {…}}
 * "origin" says who decided: "platform" (its verified answer) or "local" (OneTrans; with
 * "000105" that means nothing was sent).
 */
ONETRANS_API const char* ONETRANS_CALL MobileTrans(char* pInData, char* pOutData);

/* Safe variant. Returns the response code as an integer ("000000" -> 0). *outLen receives the
 * full response length without the NUL. When outCap is too small nothing is written past outCap
 * and 106 is returned; call again with the same request and a buffer of *outLen + 1 bytes: a
 * money-moving request is answered from the journal, never sent twice. NULL in or out, or
 * outCap < 1: 105, nothing sent. */
ONETRANS_API int ONETRANS_CALL MobileTransEx(const char* in, char* out, int outCap, int* outLen);

/* Allocating variant: *out receives a NUL-terminated response to release with OneTrans_Free.
 * NULL in or out: 105, nothing sent. */
ONETRANS_API int ONETRANS_CALL OneTrans_Call(const char* in, char** out);
ONETRANS_API void ONETRANS_CALL OneTrans_Free(char* p);

/* "MAJOR.MINOR.PATCH" of the loaded library; static. */
ONETRANS_API const char* ONETRANS_CALL OneTrans_Version(void);
/* ONETRANS_VERSION_NUM of the loaded library (compare with the header's to detect a mismatch). */
ONETRANS_API int ONETRANS_CALL OneTrans_VersionNumber(void);

/* Optional explicit initialisation. config: path to an INI or JSON file (a regular file of at
 * most 1 MiB), inline JSON text, or NULL for the default search (env ONETRANS_CONFIG, then
 * OneTrans.ini / onetrans.json beside the library, then in the working directory). Without it
 * the first call initialises with the default search. Returns 0, or 105 with the reason in
 * OneTrans_LastError(). */
ONETRANS_API int ONETRANS_CALL OneTrans_Init(const char* config);

/* Releases connections and configuration; a later call initialises again. */
ONETRANS_API void ONETRANS_CALL OneTrans_Cleanup(void);

/*
 * Inbound (since 1.1, PROTOCOL.md §9): the platforms call the hospital — AMP ORG_001-009,
 * Qingyuan HIS00002-4, 一帐通 op_*, 公众号 MPAY_001/002 — and OneTrans answers for the HIS. The
 * HIS writes only its business logic, a handler that gets one JSON request and gives one reply:
 *   request: {"platform": "amp", "api": "ORG_003", "requestId": "…", "data": {…validated fields…}}
 *   reply:   {"code": <optional>, "message": <optional>, "data": {…response fields of the seed…}}
 * OneTrans verifies the platform (signature, encryption, replay, access), checks the request and
 * the reply against the interface catalog, journals money-moving calls (at most one handler call
 * per business key, restarts included) and answers in the platform's own form; a handler that
 * fails, times out or answers something invalid gets the platform's "unknown" answer for money,
 * never its "failed" one. All text is UTF-8 (abi.charset does not apply here).
 */

/* The handler the gateway calls, from several threads at once: it answers by calling
 * OneTrans_Reply(reply, json) before it returns (the text is copied). Returning without
 * answering, or not returning within gateway.handlerTimeoutMs, is a handler failure. */
typedef void (ONETRANS_CALL *OneTransHandler)(void* user, const char* request, void* reply);
ONETRANS_API void ONETRANS_CALL OneTrans_Reply(void* reply, const char* json);

/* For a HIS that runs its own web server. route: the request path under the gateway base
 * ("qingyuan", "amp/rechargeSettle", "yzt", "mpay/order"); body: the platform's request body.
 * Returns 0 and *out = the handler request to give to the HIS; or ONETRANS_E_BAD_INPUT (refused)
 * / ONETRANS_ANSWERED (a repeat, answered from the journal) with *out = the complete reply
 * body to send back to the platform unchanged. *out is freed with OneTrans_Free. */
ONETRANS_API int ONETRANS_CALL OneTrans_InboundOpen(const char* route, const char* body, char** out);

/* request: what OneTrans_InboundOpen gave; reply: the HIS's reply to it, or NULL when the HIS
 * failed. *out = the body to send to the platform (signed / encrypted as the platform needs; the
 * unknown answer when the reply is missing or invalid). Returns 0, or 105 when `request` is
 * not one OneTrans_InboundOpen gave. */
ONETRANS_API int ONETRANS_CALL OneTrans_InboundSeal(const char* request, const char* reply, char** out);

/* Starts the gateway in-process, listening on [gateway] listen of `config` (as for OneTrans_Init;
 * it also becomes the library's configuration). handler: answers every configured route whose
 * [gateway.<route>] handler is empty; NULL uses the configured forward / exec / odbc handlers.
 * Returns 0 once it listens; 105 with OneTrans_LastError() naming the key for a bad
 * configuration (a route open to anyone, a missing handler or key). One gateway per process. */
ONETRANS_API int ONETRANS_CALL OneTrans_GatewayStart(const char* config, OneTransHandler handler, void* user);
/* "http://127.0.0.1:8088" — where the running gateway listens (the port when listen asked for
 * port 0); "" when none runs. Static until the next GatewayStart / GatewayStop. */
ONETRANS_API const char* ONETRANS_CALL OneTrans_GatewayAddress(void);
/* Stops accepting, lets calls in flight finish (at most 10 s), returns. */
ONETRANS_API void ONETRANS_CALL OneTrans_GatewayStop(void);

#if defined(_WIN32)
#include <wchar.h>
/* Windows only: MobileTrans with UTF-16 buffers, for PowerBuilder 10+ and Delphi 2009+ string
 * types. abi.outBufferSize counts wchar_t; the return code is a static UTF-16 string. */
ONETRANS_API const wchar_t* ONETRANS_CALL MobileTransW(wchar_t* pInData, wchar_t* pOutData);
#endif

#ifdef __cplusplus
}
#endif

#endif /* ONETRANS_ONETRANS_H */
