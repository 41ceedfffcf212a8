// 2. End to end: MobileTrans latency against the local sandbox versus a raw libcurl POST of
// an already prepared body of the same call on a reused connection. 3. Scaling: calls per
// second from 1 and 2 threads.
#include <benchmark/benchmark.h>
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "bench_common.h"
#include "runtime/runtime.h"
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

// A raw libcurl client of the sandbox: the body of the same call, prepared outside the timed
// part, POSTed on one reused connection.
class RawPoster {
 public:
  RawPoster() : c_(curl_easy_init()) {
    headers_ = curl_slist_append(nullptr, "Content-Type: application/json; charset=UTF-8");
    headers_ = curl_slist_append(headers_, "Expect:");
    url_ = onetrans::bench::Sandbox().qingyuanUrl();
    curl_easy_setopt(c_, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(c_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(c_, CURLOPT_WRITEFUNCTION, Discard);
    curl_easy_setopt(c_, CURLOPT_NOSIGNAL, 1L);
    r_.transCode = "HOS00012";
    r_.platformId = onetrans::sandbox::kDefaultPlatformId;
    r_.plaintext = R"({"orderId":"PAY00000001","hospitalId":"QYH44180200001","cityCode":"441800"})";
  }
  ~RawPoster() {
    curl_slist_free_all(headers_);
    curl_easy_cleanup(c_);
  }
  RawPoster(const RawPoster&) = delete;
  RawPoster& operator=(const RawPoster&) = delete;

  // The same call with its own platformSeqId, as the sandbox refuses a repeated one.
  std::string Prepare() {
    r_.platformSeqId = onetrans::platform::qingyuan::NewPlatformSeqId();
    onetrans::platform::qingyuan::LocalDateTime(&r_.platformTransDate, &r_.platformTransTime);
    return onetrans::platform::qingyuan::BuildRequestBody(r_, onetrans::sandbox::kDefaultKey).value;
  }
  bool Post(const std::string& body) {
    curl_easy_setopt(c_, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    return curl_easy_perform(c_) == CURLE_OK;
  }
  long Connects() {
    long n = 0;
    curl_easy_getinfo(c_, CURLINFO_NUM_CONNECTS, &n);
    return n;
  }

 private:
  CURL* c_;
  curl_slist* headers_;
  std::string url_;
  onetrans::platform::qingyuan::Request r_;
};

void BM_E2E_RawCurl(benchmark::State& state) {
  RawPoster poster;
  std::vector<double> us;
  long connects = 0;
  for (auto _ : state) {
    std::string body = poster.Prepare();
    auto t0 = Clock::now();
    bool ok = poster.Post(body);
    double d = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    state.SetIterationTime(d / 1e6);
    us.push_back(d);
    connects += poster.Connects();
    if (!ok) state.SkipWithError("raw POST failed");
  }
  Percentiles(state, us);
  state.counters["connections"] = static_cast<double>(connects);
}

// The same server and machine with a client that does no work of its own: how far two
// threads can scale here at all.
void BM_ScalingRawCurl(benchmark::State& state) {
  // All bodies are made before the timed loop, so preparing them takes no CPU from the
  // other thread's calls.
  RawPoster poster;
  std::vector<std::string> bodies(static_cast<std::size_t>(state.max_iterations));
  for (auto& b : bodies) b = poster.Prepare();
  std::size_t next = 0;
  for (auto _ : state)
    if (!poster.Post(bodies[next++])) state.SkipWithError("raw POST failed");
  state.SetItemsProcessed(state.iterations());
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
BENCHMARK(BM_ScalingRawCurl)->Iterations(3000)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMicrosecond);
