/*
 * OneTrans — medical-insurance payment SDK (AMP regional portal, Qingyuan platform).
 *
 * The whole public interface. Every function is safe to call from any number of
 * threads at once, never throws, and never writes past a buffer the caller sized.
 * Requests and responses are JSON text: UTF-8 by default, GBK when the config says
 * abi.charset=GBK (narrow entry points only). See README.md and PROTOCOL.md.
 *
 * Return codes are the vendor table of the AMP DLL spec plus local codes:
 *   "000000" exchange completed (check the output's "code" for the business result)
 *   "000100" transport failure          "000101" reply could not be decrypted
 *   "000102" reply signature wrong      "000105" input rejected, nothing sent
 *   "000106" output does not fit        "000107" money moved? unknown: run the query named
 *   "000002" internal error             in the output before retrying
 */
#ifndef ONETRANS_ONETRANS_H
#define ONETRANS_ONETRANS_H

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

/* Vendor-compatible entry point. Writes the response JSON (NUL-terminated) into pOutData,
 * at most abi.outBufferSize bytes (default 8192) including the NUL; returns a static
 * response-code string that must not be freed. A response that does not fit is replaced
 * by a short error JSON and "000106" is returned. */
ONETRANS_API const char* ONETRANS_CALL MobileTrans(char* pInData, char* pOutData);

/* Safe variant: *outLen always receives the full response length (without NUL). When
 * outCap is too small nothing is written past outCap and 106 is returned; retry with
 * a buffer of *outLen + 1 bytes. Returns the response code as an integer ("000000" -> 0). */
ONETRANS_API int ONETRANS_CALL MobileTransEx(const char* in, char* out, int outCap, int* outLen);

/* Allocating variant: *out receives a NUL-terminated response to release with OneTrans_Free. */
ONETRANS_API int ONETRANS_CALL OneTrans_Call(const char* in, char** out);
ONETRANS_API void ONETRANS_CALL OneTrans_Free(char* p);

/* "MAJOR.MINOR.PATCH"; static. */
ONETRANS_API const char* ONETRANS_CALL OneTrans_Version(void);

/* Optional explicit initialisation. config: path to an INI or JSON file, inline JSON text,
 * or NULL for the default search (env ONETRANS_CONFIG, then OneTrans.ini / onetrans.json
 * beside the library, then in the working directory). Without it the first call
 * initialises with the default search. Returns 0 on success, else a response code. */
ONETRANS_API int ONETRANS_CALL OneTrans_Init(const char* config);

/* Releases connections and configuration; a later call initialises again. */
ONETRANS_API void ONETRANS_CALL OneTrans_Cleanup(void);

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
