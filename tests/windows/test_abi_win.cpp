// OneTrans.dll's C boundary on Windows itself: buffer limits, the two-call pattern, GBK through
// code page 936 and MobileTransW's UTF-16 — offline: the platform address is a closed port, so
// a request that got past validation would come back 000100, never 000000.
#include <windows.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <cwchar>
#include <string>

#include "onetrans/onetrans.h"

namespace {

void Reinit(const std::string& extra = "") {
  OneTrans_Cleanup();
  std::string config = R"({"qingyuan":{"serverAddr":"http://127.0.0.1:9/qingyuan/gateway","platformId":"QY000001",)"
                       R"("key":"A1B2C3D4E5F60718293A4B5C6D7E8F90"},"transport":{"connectTimeoutMs":2000})" +
                       extra + "}";
  REQUIRE(OneTrans_Init(config.c_str()) == 0);
}

const wchar_t kSignQuery[] =
    L"{\"transCode\":\"HOS00001\",\"data\":{\"idNo\":\"441802198708081050\",\"idType\":\"01\",\"userName\":\"张三丰\","
    L"\"hospitalId\":\"QYH44180200001\",\"cityCode\":\"441800\",\"treatmentSerialNo\":\"ZY0001\"}}";
const wchar_t kMissingIdNo[] = L"{\"transCode\":\"HOS00001\",\"data\":{\"idType\":\"01\",\"userName\":\"张三丰\"}}";

std::string Narrow(UINT codePage, const std::wstring& w) {
  int n = WideCharToMultiByte(codePage, 0, w.c_str(), -1, nullptr, 0, nullptr, nullptr);
  std::string s(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(codePage, 0, w.c_str(), -1, s.data(), n, nullptr, nullptr);
  s.resize(static_cast<std::size_t>(n - 1));
  return s;
}

std::wstring Widen(UINT codePage, const char* s) {
  int n = MultiByteToWideChar(codePage, 0, s, -1, nullptr, 0);
  std::wstring w(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(codePage, 0, s, -1, w.data(), n);
  w.resize(static_cast<std::size_t>(n - 1));
  return w;
}

}  // namespace

TEST_CASE("version and null pointers", "[win]") {
  CHECK(std::string(OneTrans_Version()) == ONETRANS_EXPECTED_VERSION);
  char out[256];
  CHECK(std::string(MobileTrans(nullptr, out)) == "000105");
  CHECK(std::string(out).find("pInData is NULL") != std::string::npos);
  wchar_t wout[256];
  CHECK(std::wstring(MobileTransW(nullptr, wout)) == L"000105");
  CHECK(std::wstring(MobileTransW(nullptr, nullptr)) == L"000105");
}

TEST_CASE("a bad request is refused naming the field, and nothing is sent", "[win]") {
  Reinit();
  std::string in = Narrow(CP_UTF8, kMissingIdNo);
  static char out[8192];
  CHECK(std::string(MobileTrans(in.data(), out)) == "000105");
  CHECK(std::string(out).find("data.idNo") != std::string::npos);
  CHECK(std::string(out).find("必填字段缺失") != std::string::npos);
}

TEST_CASE("a valid request reaches the transport: a closed port is 000100", "[win]") {
  Reinit();
  std::string in = Narrow(CP_UTF8, kSignQuery);
  static char out[8192];
  CHECK(std::string(MobileTrans(in.data(), out)) == "000100");
}

TEST_CASE("abi.outBufferSize: never a byte past it, in char or wchar_t", "[win]") {
  // The transport failure's answer (with its message) is longer than 64 characters.
  Reinit(R"(,"abi":{"outBufferSize":64})");
  std::string in = Narrow(CP_UTF8, kSignQuery);
  char out[256];
  std::memset(out, 'Z', sizeof out);
  CHECK(std::string(MobileTrans(in.data(), out)) == "000106");
  CHECK(std::strlen(out) < 64);
  CHECK(std::string(out).find("\"required\":") != std::string::npos);
  for (std::size_t i = 64; i < sizeof out; ++i) REQUIRE(out[i] == 'Z');

  std::wstring win = kSignQuery;
  wchar_t wout[256];
  std::wmemset(wout, L'Z', 256);
  CHECK(std::wstring(MobileTransW(win.data(), wout)) == L"000106");
  CHECK(std::wcslen(wout) < 64);
  for (std::size_t i = 64; i < 256; ++i) REQUIRE(wout[i] == L'Z');
}

TEST_CASE("MobileTransEx: too small, then the kept answer", "[win]") {
  Reinit();
  std::string in = Narrow(CP_UTF8, kMissingIdNo);
  char small[8];
  int len = 0;
  CHECK(MobileTransEx(in.c_str(), small, sizeof small, &len) == 106);
  REQUIRE(len > 8);
  std::string out(static_cast<std::size_t>(len) + 1, '\0');
  int len2 = 0;
  CHECK(MobileTransEx(in.c_str(), out.data(), len + 1, &len2) == 105);
  CHECK(len2 == len);
  CHECK(out.find("data.idNo") != std::string::npos);
}

TEST_CASE("MobileTransW: UTF-16 in and out; a lone surrogate is refused", "[win]") {
  Reinit();
  std::wstring win = kMissingIdNo;
  static wchar_t wout[8192];
  CHECK(std::wstring(MobileTransW(win.data(), wout)) == L"000105");
  CHECK(std::wcsstr(wout, L"data.idNo") != nullptr);
  CHECK(std::wcsstr(wout, L"必填字段缺失") != nullptr);
  std::wstring broken = L"{\"transCode\":\"HOS00001\",\"data\":{\"userName\":\"\xD800\"}}";
  CHECK(std::wstring(MobileTransW(broken.data(), wout)) == L"000105");
  CHECK(std::wcsstr(wout, L"UTF-16") != nullptr);
}

TEST_CASE("abi.charset=GBK: code page 936 in and out, bad GBK named by offset", "[win]") {
  Reinit(R"(,"abi":{"charset":"GBK"})");
  std::string in = Narrow(936, kMissingIdNo);
  REQUIRE(in.find("\xD5\xC5\xC8\xFD\xB7\xE1") != std::string::npos);  // 张三丰 in GBK
  static char out[8192];
  CHECK(std::string(MobileTrans(in.data(), out)) == "000105");
  std::wstring answer = Widen(936, out);
  CHECK(answer.find(L"必填字段缺失") != std::wstring::npos);
  char bad[] = "{\"transCode\":\"HOS00001\",\"data\":{\"userName\":\"\x81\x20\"}}";
  CHECK(std::string(MobileTrans(bad, out)) == "000105");
  CHECK(Widen(936, out).find(L"GBK") != std::wstring::npos);
  OneTrans_Cleanup();
}

TEST_CASE("a money call is journalled beside the DLL before sending (relative journal.path)", "[win]") {
  char dll[MAX_PATH];
  DWORD n = GetModuleFileNameA(GetModuleHandleA("OneTrans.dll"), dll, MAX_PATH);
  REQUIRE(n > 0);
  std::string dir(dll, n);
  dir.resize(dir.find_last_of("\\/") + 1);
  const std::string journal = dir + "win-test-journal.db";
  DeleteFileA(journal.c_str());
  Reinit(R"(,"journal":{"path":"win-test-journal.db"})");
  std::string orderId = "PAYWIN" + std::to_string(GetTickCount());
  std::string in = R"({"transCode":"HOS00003","data":{"signToken":"ST0123456789","orderId":")" + orderId +
                   R"(","amt":100,"hospitalId":"QYH44180200001","cityCode":"441800","orderType":"2","mdtrtId":"MD1","setlId":"SL1"}})";
  static char out[8192];
  CHECK(std::string(MobileTrans(in.data(), out)) == "000100");  // refused connection: nothing was sent
  OneTrans_Cleanup();  // closes the journal, folding its write-ahead log into the file
  HANDLE f = CreateFileA(journal.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING, 0, nullptr);
  REQUIRE(f != INVALID_HANDLE_VALUE);
  std::string bytes(1 << 20, '\0');
  DWORD got = 0;
  ReadFile(f, bytes.data(), static_cast<DWORD>(bytes.size()), &got, nullptr);
  CloseHandle(f);
  bytes.resize(got);
  CHECK(bytes.find(orderId) != std::string::npos);
  DeleteFileA(journal.c_str());
}

namespace {

// A platform's POST over Winsock, as the AMP portal or the 公众号 would call the hospital.
std::string PostOverWinsock(int port, const std::string& path, const std::string& token, const std::string& body) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<u_short>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    closesocket(s);
    return "";
  }
  std::string req = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json; charset=UTF-8\r\n"
                    "X-OneTrans-Token: " + token + "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\n\r\n" + body;
  send(s, req.data(), static_cast<int>(req.size()), 0);
  std::string answer;
  char buf[4096];
  int n;
  while ((n = recv(s, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<std::size_t>(n));
  closesocket(s);
  return answer;
}

void ONETRANS_CALL AnswerOrg001(void*, const char* request, void* reply) {
  if (std::strstr(request, "\"api\":\"ORG_001\"") == nullptr) return;  // not answering: a handler failure
  OneTrans_Reply(reply, R"({"data":{"ret_code":"00","ret_msg":"成功","mdtrt_cert_no":"35020519870808105X","patient_type":"00",)"
                        R"("balance":"12.50","psn_cert_type":"01","cert_no":"35020519870808105X","psn_name":"张三",)"
                        R"("account_type":"01","phone":"13800000000"}})");
}

}  // namespace

TEST_CASE("gateway: platforms' calls answered on Windows, a callback HIS and an exec HIS", "[win][gateway]") {
  OneTrans_Cleanup();
  std::FILE* f = std::fopen("mpay_reply.json", "wb");
  REQUIRE(f != nullptr);
  std::fputs(R"({"data":{"payOrdId":"ORD1","feeSumamt":"10.00","ownPayAmt":"10.00","psnAcctPay":"0","fundPay":"0",)"
             R"("patientTypeId":"1","iptOtpNo":"MZ1","medOrgOrd":"MO1","balance":"0","siPersonalNo":"P1"}})",
             f);
  std::fclose(f);
  std::string config = R"({"journal":{"path":"win-gateway.db"},"gateway":{"listen":"127.0.0.1:0","handlerTimeoutMs":5000,)"
                       R"("amp":{"allowFrom":"127.0.0.1","token":"WINTOKEN123456"},)"
                       R"("mpay":{"allowFrom":"127.0.0.1","token":"WINTOKEN123456","handler":"exec:cmd /c type mpay_reply.json"}}})";
  REQUIRE(OneTrans_GatewayStart(config.c_str(), AnswerOrg001, nullptr) == 0);
  std::string address = OneTrans_GatewayAddress();
  REQUIRE(address.rfind("http://127.0.0.1:", 0) == 0);
  int port = std::atoi(address.c_str() + address.rfind(':') + 1);
  std::string org001 = R"({"org_code":"H35020311234","mdtrt_cert_type":"02","mdtrt_cert_no":"35020519870808105X",)"
                       R"("cert_no":"35020519870808105X","account_type":"01"})";
  std::string a = PostOverWinsock(port, "/amp/queryAccount", "WINTOKEN123456", org001);
  CHECK(a.find("200 OK") != std::string::npos);
  CHECK(a.find(R"("ret_code":"00")") != std::string::npos);
  CHECK(a.find(R"("psn_name":"张三")") != std::string::npos);
  CHECK(PostOverWinsock(port, "/amp/queryAccount", "WRONG", org001).find("403") != std::string::npos);
  std::string mpay = R"({"payAuthNo":"A1","uldLatlnt":"1,2","PATIENT_ID":"P1","CATEGORY":"1","CLINIC_ID":"C1",)"
                     R"("ID_NO":"35020519870808105X","medOrgOrd":"MO1","TOTAL":"10.00"})";
  std::string m = PostOverWinsock(port, "/mpay/order", "WINTOKEN123456", mpay);
  CHECK(m.find(R"("CODE":0)") != std::string::npos);
  CHECK(m.find(R"("payOrdId":"ORD1")") != std::string::npos);
  OneTrans_GatewayStop();
  OneTrans_Cleanup();
  std::remove("mpay_reply.json");
}
