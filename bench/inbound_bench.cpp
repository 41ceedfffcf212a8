// 4. Inbound: a Qingyuan HIS00003 call (platform -> hospital) through the OneTrans gateway
// (in-process, OneTrans_GatewayStart, forward handler) against a bare cpp-httplib server that
// does the same envelope work itself on raw EVP. Both ask one HIS web service, so the two differ
// only in what stands between the platform and the HIS. 1, 2 and 8 platform clients, each on
// its own keep-alive connection, send bodies prepared before the timed part.
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>
#include <thread>

#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "core/config.h"
#include "inbound/inbound.h"
#include "onetrans/onetrans.h"
#include "runtime/runtime.h"
#include "raw_qingyuan.h"

namespace onetrans::bench {

using Clock = std::chrono::steady_clock;

std::string InboundFixture(const std::string& api, const char* kind) {
  std::ifstream f(std::string(ONETRANS_BENCH_FIXTURES) + "/" + api + "." + kind + ".sample.json", std::ios::binary);
  std::stringstream text;
  text << f.rdbuf();
  return raw::Compact(text.str());
}

std::string Authorization(std::size_t imageBytes) {
  std::string image(imageBytes, '\0');
  for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<char>((i * 131 + 7) & 0xFF);
  std::string file(4 * ((imageBytes + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(file.data()), reinterpret_cast<const unsigned char*>(image.data()),
                          static_cast<int>(image.size()));
  file.resize(static_cast<std::size_t>(n));
  rapidjson::Document d;
  std::string fixture = InboundFixture("HIS00002", "request");
  d.Parse(fixture.data(), fixture.size());
  d["file"].SetString(rapidjson::StringRef(file.data(), file.size()));
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string PlatformRequest(const std::string& transCode, const std::string& plaintext) {
  // The gateway refuses a platformSeqId it has seen: the platforms' form (14-digit time, then
  // alphanumerics) with a tag per run and a counter per call.
  static const std::string tag = [] {
    unsigned char b[6];
    RAND_bytes(b, sizeof b);
    std::string t;
    for (unsigned char c : b) t += "ABCDEFGHJKLMNPQRSTUVWXYZ"[c % 24];
    return t;
  }();
  static std::atomic<unsigned long long> counter{0};
  // One instant for all three, or a call made across midnight would carry two dates.
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char date[16], time[16], seq[48];
  std::strftime(date, sizeof date, "%Y%m%d", &tm);
  std::strftime(time, sizeof time, "%H%M%S", &tm);
  std::snprintf(seq, sizeof seq, "%s%s%s%012llu", date, time, tag.c_str(), ++counter);
  return raw::Request(transCode, plaintext, seq, date, time);
}

namespace {

int g_hisPort = 0;

// The bare server's envelope work, with nothing of OneTrans: the platform's request verified
// and decrypted into what the HIS is asked; the HIS's answer encrypted and signed.
bool BareOpen(const std::string& body, std::string* hisRequest) {
  raw::Fields fields;
  std::string plain;
  if (!raw::Open(body, raw::kKey, &fields, &plain)) return false;
  *hisRequest = R"({"platform":"qingyuan","api":")" + raw::FieldOf(fields, "transCode") + R"(","requestId":")" +
                raw::FieldOf(fields, "platformSeqId") + R"(","data":)" + plain + "}";
  return true;
}

std::string BareSeal(const std::string& hisAnswer) {
  rapidjson::Document d;
  if (d.Parse(hisAnswer.data(), hisAnswer.size()).HasParseError() || !d.IsObject() || !d.HasMember("data"))
    return raw::Reply("9999", "未知错误", "{}");
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d["data"].Accept(w);
  return raw::Reply("0000", "交易成功", std::string_view(buf.GetString(), buf.GetSize()));
}

void BareServe(const httplib::Request& req, httplib::Response& res) {
  constexpr const char* kType = "application/json; charset=UTF-8";
  std::string hisRequest;
  if (!BareOpen(req.body, &hisRequest)) {
    res.set_content(R"({"encType":"SM4","rtCode":"4000","rtMsg":"报文错误","signType":"SM3"})", kType);
    return;
  }
  // One kept-alive connection to the HIS per server thread, as the gateway's pool keeps them.
  thread_local httplib::Client his = [] {
    httplib::Client c("127.0.0.1", g_hisPort);
    c.set_keep_alive(true);
    c.set_tcp_nodelay(true);
    return c;
  }();
  auto answer = his.Post("/his", hisRequest, kType);
  res.set_content(BareSeal(answer && answer->status == 200 ? answer->body : std::string()), kType);
}

// cpp-httplib serves a connection on one pool thread for as long as it is kept alive: enough
// threads for every client and every idle connection left over from the round before. Without
// TCP_NODELAY (cpp-httplib's default is off; the gateway sets it) a head and a body written
// apart wait for the peer's delayed ACK, 40 ms a call.
void Configure(httplib::Server& s, std::size_t threads) {
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(1u << 30);
  s.set_keep_alive_timeout(15);  // the gateway's keepAliveTimeoutMs
}

class Rig {
 public:
  bool Start(const std::string& libraryConfig, std::string* why) {
    hisReply_ = R"({"data":)" + InboundFixture("HIS00003", "response") + "}";
    his_.Post("/his", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(hisReply_, "application/json; charset=UTF-8");
    });
    Configure(his_, 48);
    g_hisPort = Serve(his_, &hisThread_);
    bare_.Post("/qingyuan", BareServe);
    Configure(bare_, 16);  // the gateway's default workers
    barePort_ = Serve(bare_, &bareThread_);
    if (g_hisPort <= 0 || barePort_ <= 0) {
      *why = "cannot listen on 127.0.0.1";
      return false;
    }
    journal_ = "/tmp/onetrans-bench-" + std::to_string(getpid()) + "-gateway.db";
    std::string cfg = InboundConfig(journal_, "http://127.0.0.1:" + std::to_string(g_hisPort) + "/his");
    if (OneTrans_GatewayStart(cfg.c_str(), nullptr, nullptr) != 0) {
      *why = std::string("OneTrans_GatewayStart: ") + OneTrans_LastError();
      return false;
    }
    gateway_ = true;
    std::string address = OneTrans_GatewayAddress();
    gatewayPort_ = std::atoi(address.substr(address.rfind(':') + 1).c_str());
    // The gateway keeps its own configuration; the outbound benchmarks get theirs back.
    if (OneTrans_Init(libraryConfig.c_str()) != 0) {
      *why = std::string("OneTrans_Init: ") + OneTrans_LastError();
      return false;
    }
    return Check(gatewayPort_, "gateway", why) && Check(barePort_, "bare server", why);
  }

  void Stop() {
    if (gateway_) OneTrans_GatewayStop();
    gateway_ = false;
    for (auto* s : {&his_, &bare_}) s->stop();
    for (auto* t : {&hisThread_, &bareThread_})
      if (t->joinable()) t->join();
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((journal_ + suffix).c_str());
  }

  int gatewayPort() const { return gatewayPort_; }
  int barePort() const { return barePort_; }

 private:
  static int Serve(httplib::Server& s, std::thread* t) {
    int port = s.bind_to_any_port("127.0.0.1");
    if (port <= 0) return port;
    *t = std::thread([&s] { s.listen_after_bind(); });
    while (!s.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port;
  }

  // One call verified in full, as the platform would: signature, decryption, the HIS's answer.
  bool Check(int port, const char* who, std::string* why) const {
    httplib::Client c("127.0.0.1", port);
    auto r = c.Post("/qingyuan", PlatformRequest("HIS00003", InboundFixture("HIS00003", "request")),
                    "application/json; charset=UTF-8");
    raw::Fields fields;
    std::string plain;
    if (r && raw::Open(r->body, raw::kKey, &fields, &plain) && raw::FieldOf(fields, "rtCode") == "0000" &&
        raw::Compact(plain) == InboundFixture("HIS00003", "response"))
      return true;
    *why = std::string(who) + " answered HIS00003 wrongly: " + (r ? r->body.substr(0, 300) : "no answer");
    return false;
  }

  httplib::Server his_, bare_;
  std::thread hisThread_, bareThread_;
  std::string hisReply_, journal_;
  int barePort_ = 0, gatewayPort_ = 0;
  bool gateway_ = false;
};

Rig* g_rig = nullptr;

struct Sample {
  std::vector<double> us;
  double seconds = 0;
};

// `clients` platform clients, each on one kept-alive connection, send their share of `bodies`;
// the first body of each share opens the connection before the timed part.
bool Drive(int port, int clients, const std::vector<std::string>& bodies, Sample* out) {
  std::size_t share = bodies.size() / static_cast<std::size_t>(clients);
  std::vector<std::vector<double>> us(static_cast<std::size_t>(clients));
  std::atomic<int> ready{0};
  std::atomic<bool> failed{false};
  std::promise<void> go;
  std::shared_future<void> started = go.get_future().share();
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client c("127.0.0.1", port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);
      c.set_read_timeout(30, 0);
      auto post = [&](const std::string& body) {
        auto r = c.Post("/qingyuan", body, "application/json; charset=UTF-8");
        if (!r || r->status != 200 || r->body.find(R"("rtCode":"0000")") == std::string::npos) failed = true;
      };
      const std::string* mine = bodies.data() + static_cast<std::size_t>(i) * share;
      post(mine[0]);
      ++ready;
      started.wait();
      auto& lat = us[static_cast<std::size_t>(i)];
      lat.reserve(share);
      for (std::size_t k = 1; k < share; ++k) {
        auto t0 = Clock::now();
        post(mine[k]);
        lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
    });
  }
  while (ready < clients) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto t0 = Clock::now();
  go.set_value();
  for (auto& t : threads) t.join();
  out->seconds += std::chrono::duration<double>(Clock::now() - t0).count();
  for (auto& lat : us) out->us.insert(out->us.end(), lat.begin(), lat.end());
  return !failed;
}

void Report(benchmark::State& state, const char* side, Sample& s) {
  std::sort(s.us.begin(), s.us.end());
  if (s.us.empty()) return;
  state.counters[std::string(side) + "_p50_us"] = s.us[s.us.size() / 2];
  state.counters[std::string(side) + "_p99_us"] = s.us[std::min(s.us.size() - 1, s.us.size() * 99 / 100)];
  state.counters[std::string(side) + "_calls_s"] = static_cast<double>(s.us.size()) / s.seconds;
}

void BM_Inbound(benchmark::State& state) {
  if (g_rig == nullptr) {
    state.SkipWithError("the inbound rig did not start");
    return;
  }
  const int clients = static_cast<int>(state.range(0));
  // Rounds alternate between the two, and which goes first, so that both meet the same
  // disturbances of a busy machine.
  const int rounds = Quick() ? 1 : 6;
  const std::size_t perClient = (Quick() ? 40 : 1200) / static_cast<std::size_t>(clients) + 1;
  const std::string plaintext = InboundFixture("HIS00003", "request");
  Sample gateway, bare;
  for (auto _ : state) {
    bool ok = true;
    for (int r = 0; r < rounds && ok; ++r) {
      for (int turn = 0; turn < 2 && ok; ++turn) {
        bool gatewayTurn = (r + turn) % 2 == 0;
        std::vector<std::string> bodies(perClient * static_cast<std::size_t>(clients));
        for (auto& b : bodies) b = PlatformRequest("HIS00003", plaintext);
        ok = Drive(gatewayTurn ? g_rig->gatewayPort() : g_rig->barePort(), clients, bodies, gatewayTurn ? &gateway : &bare);
      }
    }
    if (!ok) state.SkipWithError("a call was not answered 0000");
    state.SetIterationTime(gateway.seconds + bare.seconds);
  }
  Report(state, "gw", gateway);
  Report(state, "bare", bare);
}
BENCHMARK(BM_Inbound)->Arg(1)->Arg(2)->Arg(8)->Iterations(1)->UseManualTime()->Unit(benchmark::kMicrosecond);

double ThreadCpuUs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

// What the two servers do per call apart from HTTP, on one thread's CPU clock (its system time
// included, so the journal's writes count): the gateway's inbound::Open (envelope, checks,
// replay guard in the journal, handler request) and inbound::Seal (the HIS's answer checked and
// sealed), against the bare server's BareOpen and BareSeal of the same calls.
void BM_InboundPipeline(benchmark::State& state) {
  std::string journal = "/tmp/onetrans-bench-" + std::to_string(getpid()) + "-pipeline.db";
  auto cfg = LoadConfig(InboundConfig(journal, "").c_str());
  if (!cfg.ok()) {
    state.SkipWithError(cfg.status.message.c_str());
    return;
  }
  {
    Runtime rt(std::move(cfg.value));
    const std::string plaintext = InboundFixture("HIS00003", "request");
    const std::string hisAnswer = R"({"data":)" + InboundFixture("HIS00003", "response") + "}";
    double ours = 0, bare = 0;
    for (auto _ : state) {
      std::string body = PlatformRequest("HIS00003", plaintext), other = PlatformRequest("HIS00003", plaintext);
      double t0 = ThreadCpuUs();
      inbound::Opened o = inbound::Open(rt, "qingyuan", body);
      inbound::HandlerResult result;
      result.replied = !o.refused;
      result.reply = hisAnswer;
      std::string answer = inbound::Seal(rt, o.call, result);
      double t1 = ThreadCpuUs();
      std::string hisRequest;
      bool bareOk = BareOpen(other, &hisRequest);
      std::string bareAnswer = BareSeal(hisAnswer);
      double t2 = ThreadCpuUs();
      if (o.refused || !bareOk || answer.find(R"("rtCode":"0000")") == std::string::npos) state.SkipWithError("a call was refused");
      benchmark::DoNotOptimize(bareAnswer);
      ours += t1 - t0;
      bare += t2 - t1;
      state.SetIterationTime((t2 - t0) / 1e6);
    }
    state.counters["onetrans_us"] = ours / static_cast<double>(state.iterations());
    state.counters["bare_us"] = bare / static_cast<double>(state.iterations());
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((journal + suffix).c_str());
}
BENCHMARK(BM_InboundPipeline)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace

std::string InboundConfig(const std::string& journal, const std::string& hisUrl) {
  std::string cfg = std::string(R"({"qingyuan":{"platformId":")") + raw::kPlatformId + R"(","key":")" + raw::kKey +
                    R"("},"journal":{"path":")" + journal + "\"}";
  if (!hisUrl.empty())
    cfg += R"(,"gateway":{"listen":"127.0.0.1:0","qingyuan":{"allowFrom":"127.0.0.1","handler":")" + hisUrl + "\"}}";
  return cfg + "}";
}

bool StartInbound(const std::string& libraryConfig, std::string* why) {
  auto rig = std::make_unique<Rig>();
  if (!rig->Start(libraryConfig, why)) {
    rig->Stop();
    return false;
  }
  g_rig = rig.release();
  return true;
}

void StopInbound() {
  if (g_rig == nullptr) return;
  g_rig->Stop();
  delete g_rig;
  g_rig = nullptr;
}

}  // namespace onetrans::bench
