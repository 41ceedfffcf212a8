// 8 threads x 500 mixed calls through the C ABI against the sandbox: every answer verified,
// every platformSeqId unique, every payment counted once. Run under TSan and ASan in CI.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "crypto/crypto.h"
#include "onetrans/onetrans.h"
#include "support/harness.h"

using namespace onetrans;
using namespace onetrans::test;

TEST_CASE("8 threads x 500 mixed calls", "[concurrency]") {
  SandboxHarness h;
  constexpr int kThreads = 8, kCalls = 500;
  Answer sign = Call(Req("HOS00001", R"("idNo":"441802198708081050","idType":"01","userName":"张三丰",)" + std::string(kHosp) +
                                         R"(,"treatmentSerialNo":"ZY0001")"));
  REQUIRE(sign.code == "000000");
  const std::string token = sign.data("signToken");
  std::atomic<int> verified{0}, payments{0}, failures{0};
  std::mutex mu;
  std::set<std::string> seqIds;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::string> seen;
      for (int i = 0; i < kCalls; ++i) {
        std::string in;
        std::string orderId = "PAY" + std::to_string(t) + "T" + std::to_string(i) + crypto::RandomAlnum(6);
        switch (i % 5) {
          case 0:
            in = Req("HOS00003", R"("signToken":")" + token + R"(","orderId":")" + orderId + R"(","amt":1,)" + kHosp +
                                     R"(,"orderType":"3","mdtrtId":"M","setlId":"S")");
            break;
          case 1: in = Req("HOS00012", R"("orderId":"PAY00000001",)" + std::string(kHosp)); break;
          case 2: in = Req("HOS00001", R"("idNo":"441802198708081050","idType":"01","userName":"张三丰",)" + std::string(kHosp) + R"(,"treatmentSerialNo":"ZY0001")"); break;
          case 3: in = R"({"api":"AMP_HOS_003","data":{"orgCode":"H35010200227","outRefundNo":"ORN)" + orderId + R"("}})"; break;
          default: in = Req("HOS00012", R"("orderId":"x"," )" + std::string(kHosp)); break;  // rejected locally
        }
        char* out = nullptr;
        int rc = OneTrans_Call(in.c_str(), &out);
        json::Document d;
        (void)json::Parse(out != nullptr ? out : "", &d);
        OneTrans_Free(out);
        bool ok = false;
        if (i % 5 == 4) {
          ok = rc == 105;
        } else if (rc == 0 && d.IsObject()) {
          ok = true;
          if (i % 5 == 0) ok = json::GetStringOr(d["data"], "orderStatus", "") == "02", payments += ok ? 1 : 0;
          std::string seq = json::GetStringOr(d, "platformSeqId", "");
          if (!seq.empty()) seen.push_back(seq);
        }
        (ok ? verified : failures)++;
      }
      std::lock_guard<std::mutex> lock(mu);
      for (auto& s : seen) CHECK(seqIds.insert(s).second);
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(verified == kThreads * kCalls);
  CHECK(payments == kThreads * kCalls / 5);
  CHECK(h.sandbox().requests("HOS00003") == kThreads * kCalls / 5);
  CHECK(seqIds.size() == static_cast<std::size_t>(kThreads * kCalls * 3 / 5));
}
