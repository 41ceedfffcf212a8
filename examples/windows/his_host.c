/* A Windows HIS in miniature, calling OneTrans.dll the way seed 001's sample does: LoadLibrary,
 * GetProcAddress, a __stdcall function pointer and an 8 KB output buffer. Three rounds against
 * a platform at <base URL> (the `onetrans sandbox`):
 *   1. seed 001's AMP pushMsg input, UTF-8, configured by OneTrans.ini beside the DLL;
 *   2. a Delphi 7 / PowerBuilder 9 style host: abi.charset=GBK, Chinese names in code page 936;
 *   3. a Unicode host through MobileTransW (UTF-16).
 * Build: i686-w64-mingw32-gcc his_host.c -o his_host.exe   (needs no import library)
 * Run:   his_host.exe http://127.0.0.1:PORT [caBundle.pem]   (exit code: failed checks)
 * With https, rounds 2 and 3 trust the CA file given (round 1 reads caBundle from the INI). */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

typedef char*(__stdcall* MobileTransFn)(char*, char*);
typedef const wchar_t*(__stdcall* MobileTransWFn)(wchar_t*, wchar_t*);
typedef int(__stdcall* InitFn)(const char*);
typedef void(__stdcall* CleanupFn)(void);

static int passes = 0, failures = 0;
static char transport[600] = "";
static void check(int ok, const char* what) {
  printf("  %s %s\n", ok ? "ok  " : "FAIL", what);
  if (ok) ++passes; else ++failures;
}

/* A fresh start of the library for the Qingyuan sandbox at `base`; `abi` is an optional
 * "abi":{...}, member. */
static int reinit(InitFn Init, CleanupFn Cleanup, const char* base, const char* abi) {
  static char config[1024];
  Cleanup();
  snprintf(config, sizeof config,
           "{%s\"qingyuan\":{\"serverAddr\":\"%s/qingyuan/gateway\",\"platformId\":\"QY000001\","
           "\"key\":\"A1B2C3D4E5F60718293A4B5C6D7E8F90\"}%s}",
           abi, base, transport);
  return Init(config);
}

/* What an ANSI host holds: the wide literal in code page 936 (GBK) or UTF-8. */
static void narrow(UINT codePage, const wchar_t* in, char* out, int cap) {
  WideCharToMultiByte(codePage, 0, in, -1, out, cap, NULL, NULL);
}

int main(int argc, char** argv) {
  static char in[8192], out[8192];
  static wchar_t win[4096], wout[8192], wtext[8192];
  HMODULE dll;
  MobileTransFn MobileTrans;
  MobileTransWFn MobileTransW;
  InitFn Init;
  CleanupFn Cleanup;
  const char* rc;
  const wchar_t* wrc;
  if (argc < 2) {
    fprintf(stderr, "usage: his_host.exe <sandbox base URL>\n");
    return 2;
  }
  if (argc > 2) {
    /* JSON string: a Windows path's backslashes doubled. */
    char* w = transport + sprintf(transport, ",\"transport\":{\"caBundle\":\"");
    const char* r;
    for (r = argv[2]; *r && w < transport + sizeof transport - 8; ++r) {
      if (*r == '\\') *w++ = '\\';
      *w++ = *r;
    }
    strcpy(w, "\"}");
  }
  dll = LoadLibraryA("OneTrans.dll");
  if (dll == NULL) {
    printf("LoadLibrary(OneTrans.dll) failed: %lu\n", GetLastError());
    return 2;
  }
  MobileTrans = (MobileTransFn)(void*)GetProcAddress(dll, "MobileTrans");
  MobileTransW = (MobileTransWFn)(void*)GetProcAddress(dll, "MobileTransW");
  Init = (InitFn)(void*)GetProcAddress(dll, "OneTrans_Init");
  Cleanup = (CleanupFn)(void*)GetProcAddress(dll, "OneTrans_Cleanup");
  check(MobileTrans && MobileTransW && Init && Cleanup, "undecorated exports found by GetProcAddress");
  if (!MobileTrans || !MobileTransW || !Init || !Cleanup) return 1;

  printf("1. seed 001: AMP pushMsg, UTF-8, OneTrans.ini beside the DLL\n");
  _snwprintf(win, 4096,
             L"{\"data\":{\"serverAddr\":\"%hs/api/amp/hos/pushMsg\",\"appId\":\"1FM99V9JP0009A23A8C00000D445BA03\","
             L"\"appKey\":\"1FM99V9JM00N9A23A8C000003F4B7C32\",\"encryptType\":\"SM4\",\"signType\":\"SM3\","
             L"\"version\":\"1.0.0\",\"hisCustType\":\"\",\"hisCustId\":\"532494\",\"appType\":\"01\","
             L"\"medOrgOrd\":\"ZL050509083457355366\",\"subOrgCode\":\"5\",\"orderStatus\":\"MERCHANT_WAIT_PAY\","
             L"\"orgCode\":\"H46040100001\",\"patientName\":\"周大鹏\",\"idType\":\"02\",\"idNo\":\"460029196507081627\","
             L"\"pushType\":\"HOSPITAL_PAYMENT\",\"amount\":\"66.00\",\"deptName\":\"总院牙体牙髓科\",\"deptCode\":\"BM00100\","
             L"\"drName\":\"周小鹏\",\"drNo\":\"D460106007245\",\"createTime\":\"2022-05-09 08:32:51\"},"
             L"\"orgId\":\"35020311234\"}",
             argv[1]);
  narrow(CP_UTF8, win, in, sizeof in);
  rc = MobileTrans(in, out);
  printf("  return=%s\n  %s\n", rc, out);
  check(strcmp(rc, "000000") == 0, "return code 000000");
  check(strstr(out, "\"code\":0") != NULL && strstr(out, "SUCCESS") != NULL, "verified, decrypted answer: code 0, SUCCESS");

  printf("2. GBK host (abi.charset=GBK): Qingyuan HOS00001 with a Chinese name in code page 936\n");
  check(reinit(Init, Cleanup, argv[1], "\"abi\":{\"charset\":\"GBK\"},") == 0, "OneTrans_Init with abi.charset=GBK");
  narrow(936,
         L"{\"transCode\":\"HOS00001\",\"data\":{\"idNo\":\"441802198708081050\",\"idType\":\"01\",\"userName\":\"张三丰\","
         L"\"hospitalId\":\"QYH44180200001\",\"cityCode\":\"441800\",\"treatmentSerialNo\":\"ZY0001\"}}",
         in, sizeof in);
  check(strstr(in, "\xD5\xC5\xC8\xFD\xB7\xE1") != NULL, "request holds 张三丰 as GBK bytes");
  rc = MobileTrans(in, out);
  printf("  return=%s\n", rc);
  check(strcmp(rc, "000000") == 0 && strstr(out, "\"code\":0") != NULL, "GBK request answered: 000000, code 0");
  narrow(936, L"{\"transCode\":\"HOS00001\",\"data\":{\"idType\":\"01\",\"userName\":\"张三丰\"}}", in, sizeof in);
  rc = MobileTrans(in, out);
  MultiByteToWideChar(936, 0, out, -1, wtext, 8192);
  check(strcmp(rc, "000105") == 0 && wcsstr(wtext, L"必填字段缺失") != NULL, "GBK answer to a bad request reads 必填字段缺失");

  printf("3. Unicode host: MobileTransW\n");
  check(reinit(Init, Cleanup, argv[1], "") == 0, "OneTrans_Init (UTF-8 narrow, UTF-16 wide)");
  wcscpy(win, L"{\"transCode\":\"HOS00001\",\"data\":{\"idNo\":\"441802198708081051\",\"idType\":\"01\",\"userName\":\"李四\","
              L"\"hospitalId\":\"QYH44180200001\",\"cityCode\":\"441800\",\"treatmentSerialNo\":\"ZY0002\"}}");
  wrc = MobileTransW(win, wout);
  wprintf(L"  return=%ls\n", wrc);
  check(wcscmp(wrc, L"000000") == 0 && wcsstr(wout, L"\"code\":0") != NULL, "UTF-16 request answered: 000000, code 0");
  wcscpy(win, L"{\"transCode\":\"HOS00001\",\"data\":{\"idType\":\"01\",\"userName\":\"李四\"}}");
  wrc = MobileTransW(win, wout);
  check(wcscmp(wrc, L"000105") == 0 && wcsstr(wout, L"必填字段缺失") != NULL, "UTF-16 answer to a bad request reads 必填字段缺失");
  Cleanup();
  FreeLibrary(dll);
  printf("his_host: %d checks passed, %d failed\n", passes, failures);
  return failures;
}
