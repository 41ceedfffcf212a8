// The C boundary: buffer rules, the two-call and allocating variants, charsets, threads, TLS.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "core/charset.h"
#include "crypto/crypto.h"
#include "support/hostile.h"
#include "onetrans/onetrans.h"
#include "support/harness.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {
std::string SignQuery() {
  return Req("HOS00001", R"("idNo":"441802198708081050","idType":"01","userName":"张三丰",)" + std::string(kHosp) +
                             R"(,"treatmentSerialNo":"ZY0001")");
}
}  // namespace

TEST_CASE("version and null pointers", "[abi]") {
  CHECK(std::string(OneTrans_Version()) == ONETRANS_EXPECTED_VERSION);
  char out[256];
  CHECK(std::string(MobileTrans(nullptr, nullptr)) == "000105");
  CHECK(std::string(MobileTrans(nullptr, out)) == "000105");
  CHECK(std::string(out).find("pInData is NULL") != std::string::npos);
  char in[] = "{}";
  CHECK(std::string(MobileTrans(in, nullptr)) == "000105");
  int len = -1;
  CHECK(MobileTransEx(nullptr, out, sizeof out, &len) == 105);
  CHECK(len == 0);
  CHECK(std::string(OneTrans_LastError()) == "in is NULL");
  CHECK(OneTrans_Call("{}", nullptr) == 105);
  OneTrans_Free(nullptr);
  OneTrans_Cleanup();
  OneTrans_Cleanup();  // idempotent
}

TEST_CASE("return codes are static strings", "[abi]") {
  SandboxHarness h;
  std::string in = SignQuery();
  std::string out(1 << 16, '\0');
  const char* a = MobileTrans(in.data(), out.data());
  const char* b = MobileTrans(in.data(), out.data());
  CHECK(a == b);
  CHECK(std::string(a) == "000000");
}

TEST_CASE("abi.outBufferSize: an answer that does not fit becomes a short error that does", "[abi]") {
  SandboxHarness h("", {});
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key, R"("abi":{"outBufferSize":200})");
  Answer a = Call(SignQuery(), 200);  // Call() fails if a byte past 200 is touched
  CHECK(a.code == "000106");
  CHECK(a.text.size() < 200);
  CHECK(a.out.IsObject());
  CHECK(a.out["required"].GetInt() > 200);
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key);  // default 8192
  Answer b = Call(SignQuery(), 8192);
  CHECK(b.code == "000000");
}

TEST_CASE("MobileTransEx: the two-call pattern and the exact size", "[abi]") {
  SandboxHarness h;
  std::string in = SignQuery();
  int len = 0;
  char small[16];
  std::memset(small, 'x', sizeof small);
  CHECK(MobileTransEx(in.c_str(), small, 8, &len) == 106);
  CHECK(len > 100);
  for (std::size_t i = 8; i < sizeof small; ++i) CHECK(small[i] == 'x');
  std::string out(static_cast<std::size_t>(len) + 1, '\0');
  int rc = MobileTransEx(in.c_str(), out.data(), len + 1, &len);
  CHECK(rc == 0);
  CHECK(std::strlen(out.c_str()) == static_cast<std::size_t>(len));
  // Exactly len bytes is one too few: the NUL needs room.
  std::string tight(static_cast<std::size_t>(len), '\0');
  int len2 = 0;
  CHECK(MobileTransEx(in.c_str(), tight.data(), len, &len2) == 106);
}

TEST_CASE("MobileTransEx: the retry with a bigger buffer never pays twice", "[abi]") {
  SandboxHarness h;
  char* signOut = nullptr;
  REQUIRE(OneTrans_Call(SignQuery().c_str(), &signOut) == 0);
  json::Document sign;
  REQUIRE(json::Parse(signOut, &sign).ok());
  OneTrans_Free(signOut);
  std::string pay = Req("HOS00003", R"("signToken":")" + json::GetStringOr(sign["data"], "signToken", "") +
                                        R"(","orderId":"PAYTWOCALL01","amt":500,)" + kHosp + R"(,"orderType":"3","mdtrtId":"M","setlId":"S")");
  char small[8];
  int len = 0;
  CHECK(MobileTransEx(pay.c_str(), small, sizeof small, &len) == 106);
  std::string out(static_cast<std::size_t>(len) + 1, '\0');
  CHECK(MobileTransEx(pay.c_str(), out.data(), len + 1, &len) == 0);
  CHECK(std::string(out.c_str()).find("\"orderStatus\":\"02\"") != std::string::npos);
  CHECK(h.sandbox().requests("HOS00003") == 1);
  // The journal, not a per-thread cache, answers a repeat: from another thread, with another
  // request in between, any time later — the payment is never sent again.
  CHECK(MobileTransEx(SignQuery().c_str(), out.data(), static_cast<int>(out.size()), &len) == 0);
  std::string fromThread;
  std::thread([&] {
    std::string buf(4096, '\0');
    int n = 0;
    if (MobileTransEx(pay.c_str(), buf.data(), static_cast<int>(buf.size()), &n) == 0) fromThread = buf.c_str();
  }).join();
  CHECK(fromThread.find("\"orderStatus\":\"02\"") != std::string::npos);
  CHECK(h.sandbox().requests("HOS00003") == 1);
}

TEST_CASE("OneTrans_Call allocates the whole answer", "[abi]") {
  SandboxHarness h;
  char* out = nullptr;
  CHECK(OneTrans_Call(SignQuery().c_str(), &out) == 0);
  REQUIRE(out != nullptr);
  CHECK(std::string(out).find("\"signStatus\":\"1\"") != std::string::npos);
  OneTrans_Free(out);
  CHECK(OneTrans_Call(Req("HOS00012", "").c_str(), &out) == 105);
  OneTrans_Free(out);
}

TEST_CASE("abi.charset=GBK: GBK in, GBK out, bad GBK named by offset", "[abi][charset]") {
  SandboxHarness h;
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key, R"("abi":{"charset":"GBK"})");
  std::string gbk = Gbk(SignQuery());
  CHECK(gbk.find("\xd5\xc5\xc8\xfd\xb7\xe1") != std::string::npos);  // 张三丰 in GBK
  Answer a = Call(gbk);
  CHECK(a.code == "000000");
  auto utf8 = charset::GbkToUtf8(a.text);
  REQUIRE(utf8.ok());
  CHECK(utf8.value.find("交易成功") != std::string::npos);
  Answer bad = Call("{\"transCode\":\"\x81\"}");
  CHECK(bad.code == "000105");
  CHECK(bad.text.find("GBK") != std::string::npos);
  CHECK(bad.text.find("14") != std::string::npos);
}

TEST_CASE("concurrent calls from many threads all verify, with unique platformSeqIds", "[abi][threads]") {
  SandboxHarness h;
  constexpr int kThreads = 4, kCalls = 25;
  std::atomic<int> ok{0};
  std::mutex mu;
  std::set<std::string> seqIds;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCalls; ++i) {
        char* out = nullptr;
        int rc = OneTrans_Call(SignQuery().c_str(), &out);
        json::Document d;
        (void)json::Parse(out, &d);
        if (rc == 0 && d["code"].GetInt() == 0) ++ok;
        {
          std::lock_guard<std::mutex> lock(mu);
          seqIds.insert(json::GetStringOr(d, "platformSeqId", ""));
        }
        OneTrans_Free(out);
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == kThreads * kCalls);
  CHECK(seqIds.size() == static_cast<std::size_t>(kThreads * kCalls));
  CHECK(h.sandbox().requests() == kThreads * kCalls);
}

TEST_CASE("HTTPS: a CA the test generates, trusted through caBundle and refused otherwise", "[abi][tls]") {
  std::string dir = "tls_test";
  std::string cmd = "mkdir -p " + dir + " && cd " + dir +
                    " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=OneTransTestCA 2>/dev/null"
                    " && openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null"
                    " && printf 'subjectAltName=IP:127.0.0.1\\n' > ext.cnf"
                    " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  sandbox::Options opts;
  opts.tlsCert = dir + "/server.pem";
  opts.tlsKey = dir + "/server.key";
  SandboxHarness h("", opts);
  CHECK(h.sandbox().qingyuanUrl().rfind("https://", 0) == 0);
  Answer untrusted = Call(SignQuery());
  CHECK(untrusted.code == "000100");
  CHECK(untrusted.text.find("证书") != std::string::npos);
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key, R"("transport":{"caBundle":")" + dir + "/ca.pem\"}");
  CHECK(Call(SignQuery()).code == "000000");
  std::system("rm -rf tls_test/logs && mkdir -p tls_test/logs");
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key,
           R"("transport":{"verifyTls":false},"log":{"dir":"tls_test/logs"})");
  CHECK(Call(SignQuery()).code == "000000");
  OneTrans_Cleanup();
  std::ifstream log("tls_test/logs/onetrans.log");
  std::stringstream text;
  text << log.rdbuf();
  auto line = text.str().find("transport.verifyTls=false");
  REQUIRE(line != std::string::npos);  // never silent
  CHECK(text.str().rfind("warning", line) != std::string::npos);
}

namespace {
std::string ValidPayment(SandboxHarness& h) {
  (void)h;
  char* signOut = nullptr;
  REQUIRE(OneTrans_Call(SignQuery().c_str(), &signOut) == 0);
  json::Document sign;
  REQUIRE(json::Parse(signOut, &sign).ok());
  OneTrans_Free(signOut);
  return Req("HOS00003", R"("signToken":")" + json::GetStringOr(sign["data"], "signToken", "") +
                             R"(","orderId":"PAYARGS)" + crypto::RandomAlnum(8) + R"(","amt":500,)" + kHosp +
                             R"(,"orderType":"3","mdtrtId":"M","setlId":"S")");
}
}  // namespace

TEST_CASE("arguments first: a valid payment with any bad argument is refused and never sent", "[abi][money]") {
  SandboxHarness h;
  std::string pay = ValidPayment(h);
  char out[8192];
  int len = -1;
  std::string in = pay;
  CHECK(std::string(MobileTrans(in.data(), nullptr)) == "000105");
  CHECK(MobileTransEx(pay.c_str(), nullptr, 8192, &len) == ONETRANS_E_BAD_INPUT);
  CHECK(MobileTransEx(pay.c_str(), out, 0, &len) == ONETRANS_E_BAD_INPUT);
  CHECK(MobileTransEx(pay.c_str(), out, -5, &len) == ONETRANS_E_BAD_INPUT);
  CHECK(len == 0);
  CHECK(OneTrans_Call(pay.c_str(), nullptr) == ONETRANS_E_BAD_INPUT);
  CHECK(std::string(OneTrans_LastError()) == "out is NULL");
  CHECK(h.sandbox().requests("HOS00003") == 0);
  // The same request with good arguments is sent, once.
  char* ok = nullptr;
  CHECK(OneTrans_Call(pay.c_str(), &ok) == ONETRANS_OK);
  OneTrans_Free(ok);
  CHECK(h.sandbox().requests("HOS00003") == 1);
}

TEST_CASE("every return code has its meaning in the header's table", "[abi]") {
  for (int code : {ONETRANS_OK, ONETRANS_E_INTERNAL, ONETRANS_E_TRANSPORT, ONETRANS_E_DECRYPT, ONETRANS_E_SIGNATURE,
                   ONETRANS_E_BAD_INPUT, ONETRANS_E_BUFFER, ONETRANS_E_UNKNOWN_OUTCOME, ONETRANS_E_BAD_BILL, ONETRANS_P_UNKNOWN,
                   ONETRANS_P_MAINTENANCE, ONETRANS_P_REPLAY, ONETRANS_P_NOT_OPEN, ONETRANS_P_FATAL}) {
    std::string text = OneTrans_StrError(code);
    INFO(code << " " << text);
    CHECK(text.find(" / ") != std::string::npos);  // Chinese / English
    CHECK(text.find("未知返回码") == std::string::npos);
  }
  CHECK(std::string(OneTrans_StrError(424242)).find("unknown") != std::string::npos);
  CHECK(OneTrans_VersionNumber() == ONETRANS_VERSION_NUM);
  CHECK(ONETRANS_AT_LEAST_VERSION(1, 0, 0));
  CHECK_FALSE(ONETRANS_AT_LEAST_VERSION(99, 0, 0));
}

TEST_CASE("a broken config keeps the buffer size it declares (guard page after 128 bytes)", "[abi][hostile]") {
  std::ofstream("broken128.ini") << "[abi]\noutBufferSize = 128\n[qingyuan]\nplatfromId = QY000001\n";
  CHECK(OneTrans_Init("broken128.ini") == ONETRANS_E_BAD_INPUT);
  CHECK(std::string(OneTrans_LastError()).find("qingyuan.platfromId") != std::string::npos);
  GuardedBuffer out(128);
  std::string in = SignQuery();
  const char* rc = MobileTrans(in.data(), out.data());  // a byte past 128 would fault
  CHECK(std::string(rc) == "000105");
  CHECK(std::strlen(out.data()) < 128);
  json::Document d;
  CHECK(json::Parse(out.data(), &d).ok());
  CHECK(json::GetStringOr(d, "origin", "") == "local");
  CHECK(std::string(OneTrans_LastError()).find("platfromId") != std::string::npos);  // the whole message, here
  // Unreadable size: the smallest any configuration allows.
  std::ofstream("broken128.ini") << "[abi]\noutBufferSize = 99999999999999999999999\n";
  CHECK(OneTrans_Init("broken128.ini") == ONETRANS_E_BAD_INPUT);
  GuardedBuffer tiny(64);
  CHECK(std::string(MobileTrans(in.data(), tiny.data())) == "000105");
  OneTrans_Cleanup();
  std::remove("broken128.ini");
}

TEST_CASE("wrong words fixed: a refusal that does not fit stays 105, cut whole; types named; NUL refused", "[abi][hostile]") {
  SandboxHarness h;
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key, R"("abi":{"outBufferSize":100})");
  // A long refusal (the unknown transCode echoed) in a 100-byte buffer: still 105, nothing sent.
  std::string longCode(300, 'X');
  Answer cut = Call(R"({"transCode":"张三丰)" + longCode + R"(","data":{}})", 100);
  CHECK(cut.code == "000105");
  CHECK(cut.text.size() < 100);
  CHECK(cut.out.IsObject());
  CHECK(charset::CheckUtf8(cut.text).ok());
  CHECK(h.sandbox().requests() == 0);
  h.Reinit(h.sandbox().qingyuanUrl(), h.sandbox().options().qingyuan.key);
  Answer type = Call(R"({"transCode":3,"data":{}})");
  CHECK(type.code == "000105");
  CHECK(json::GetStringOr(type.out, "message", "").find("类型应为字符串") != std::string::npos);
  Answer nul = Call(Req("HOS00012", R"("orderId":"PAY\u0000123456",)" + std::string(kHosp)));
  CHECK(nul.code == "000105");
  CHECK(json::GetStringOr(nul.out, "message", "").find("data.orderId") != std::string::npos);
  Answer dup = Call(Req("HOS00012", R"("orderId":"PAY1234567","orderId":"PAY7654321",)" + std::string(kHosp)));
  CHECK(dup.code == "000105");
  CHECK(h.sandbox().requests() == 0);
}
