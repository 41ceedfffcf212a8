// 2. End to end: MobileTrans latency against the local sandbox versus a raw libcurl POST of
// an already prepared body of the same call on a reused connection. 3. Scaling: calls per
// second from 1 and 2 threads.
#include <benchmark/benchmark.h>
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "bench_common.h"
#include "core/runtime.h"
#include "onetrans/onetrans.h"
#include "platform/qingyuan.h"

namespace {

using Clock = std::chrono::steady_clock;

void Percentiles(benchmark::State& state, std::vector<double>& us) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  state.counters["p50_us"] = us[us.size() / 2];
  state.counters["p99_us"] = us[std::min(us.size() - 1, us.size() * 99 / 100)];
}

void BM_E2E_MobileTrans(benchmark::State& state) {
  std::string in = onetrans::bench::StatusQuery();
  std::vector<char> out(8192);
  std::vector<double> us;
  onetrans::Status st;
  auto rt = onetrans::Runtime::Current(&st);
  long before = rt->http().connectionsOpened();
  for (auto _ : state) {
    auto t0 = Clock::now();
    const char* rc = MobileTrans(in.data(), out.data());
    double d = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    state.SetIterationTime(d / 1e6);
    us.push_back(d);
    if (rc[5] != '0') state.SkipWithError("MobileTrans failed");
  }
  Percentiles(state, us);
  state.counters["connections"] = static_cast<double>(rt->http().connectionsOpened() - before);
}

size_t Discard(char*, size_t s, size_t n, void*) { return s * n; }

void BM_E2E_RawCurl(benchmark::State& state) {
  CURL* c = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json; charset=UTF-8");
  headers = curl_slist_append(headers, "Expect:");
  std::string url = onetrans::bench::Sandbox().qingyuanUrl();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  std::vector<double> us;
  long connects = 0;
  onetrans::platform::qingyuan::Request r;
  r.transCode = "HOS00012";
  r.platformId = onetrans::sandbox::kDefaultPlatformId;
  r.plaintext = R"({"orderId":"PAY00000001","hospitalId":"QYH44180200001","cityCode":"441800"})";
  for (auto _ : state) {
    // Prepared outside the timed part: the same call, with its own platformSeqId.
    r.platformSeqId = onetrans::platform::qingyuan::NewPlatformSeqId();
    onetrans::platform::qingyuan::LocalDateTime(&r.platformTransDate, &r.platformTransTime);
    std::string body = onetrans::platform::qingyuan::BuildRequestBody(r, onetrans::sandbox::kDefaultKey).value;
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    auto t0 = Clock::now();
    CURLcode code = curl_easy_perform(c);
    double d = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    state.SetIterationTime(d / 1e6);
    us.push_back(d);
    long n = 0;
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &n);
    connects += n;
    if (code != CURLE_OK) state.SkipWithError("raw POST failed");
  }
  Percentiles(state, us);
  state.counters["connections"] = static_cast<double>(connects);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
}

void BM_Scaling(benchmark::State& state) {
  std::string in = onetrans::bench::StatusQuery();
  std::vector<char> out(8192);
  for (auto _ : state) {
    const char* rc = MobileTrans(in.data(), out.data());
    if (rc[5] != '0') state.SkipWithError("MobileTrans failed");
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_E2E_MobileTrans)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_E2E_RawCurl)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Scaling)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMicrosecond);
