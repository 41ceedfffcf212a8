// `onetrans_bench [--quick] --probe PROBE --lib LIBONETRANS --results FILE`: runs every
// benchmark, prints one table of ratios against baselines measured in the same run, and
// writes it with the machine and date to RESULTS.md. Assertions on speed: none.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "bench_common.h"
#include "onetrans/onetrans.h"

namespace onetrans::bench {

static sandbox::Sandbox* g_sandbox = nullptr;
static bool g_quick = false;
sandbox::Sandbox& Sandbox() { return *g_sandbox; }
bool Quick() { return g_quick; }
std::string StatusQuery() {
  return R"({"transCode":"HOS00012","data":{"orderId":"PAY00000001","hospitalId":"QYH44180200001","cityCode":"441800"}})";
}

}  // namespace onetrans::bench

namespace {

struct Figure {
  double realTime = 0;  // per iteration, in the benchmark's unit
  // The same, on the benchmark's thread's CPU clock: what single-threaded compute costs, left
  // alone by the time the scheduler gives other processes of a busy machine.
  double cpuTime = 0;
  std::map<std::string, double> counters;
};

class Collector : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, Figure> figures;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      Figure f;
      f.realTime = r.GetAdjustedRealTime();
      f.cpuTime = r.GetAdjustedCPUTime();
      for (const auto& [k, c] : r.counters) f.counters[k] = c.value;
      figures[r.benchmark_name()] = f;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  const Figure* Find(const std::string& prefix) const {
    for (const auto& [name, f] : figures)
      if (name.rfind(prefix, 0) == 0) return &f;
    return nullptr;
  }
};

std::map<std::string, double> Probe(const std::string& cmd) {
  std::map<std::string, double> out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[512];
  std::string text;
  while (std::fgets(buf, sizeof buf, p) != nullptr) text += buf;
  pclose(p);
  std::istringstream in(text);
  std::string kv;
  while (in >> kv) {
    auto eq = kv.find('=');
    if (eq != std::string::npos) out[kv.substr(0, eq)] = std::atof(kv.substr(eq + 1).c_str());
  }
  return out;
}

std::string Machine() {
  std::ifstream cpu("/proc/cpuinfo"), mem("/proc/meminfo");
  std::string line, model = "unknown CPU", total;
  while (std::getline(cpu, line))
    if (line.rfind("model name", 0) == 0) { model = line.substr(line.find(':') + 2); break; }
  while (std::getline(mem, line))
    if (line.rfind("MemTotal", 0) == 0) { total = line.substr(line.find(':') + 1); break; }
  return model + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores, MemTotal" + total;
}

struct Row {
  std::string what, value, baseline, ratio, target;
  bool met;
  std::string why;  // when missed
};

std::string Fmt(double v, const char* f = "%.2f") {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

// Opening an envelope (a reply, or a platform's request) against the floor of its crypto.
const char* OpenWhy() {
  return "beyond the floor's hex decoding, SM4 and SM3, OneTrans parses the envelope's other members (a few hundred "
         "bytes, UTF-8 checked, duplicate keys and NUL refused), finds encData in the text and checks that it needs no "
         "unescaping (memchr and one vectorised pass; the hex is then decoded straight from the body, never copied, and "
         "decrypted in place) and collects and sorts the signed fields: fixed costs, or passes at memory speed beside "
         "the floor's SM4 and SM3. A miss at 64 KB or more therefore means something new on the path: `perf record "
         "build-bench/bench/onetrans_bench --benchmark_filter=BM_OpenRequest_OneTrans/65536` names it (it was rapidjson "
         "copying the hex into its own buffer a character at a time, a fifth of the samples, until encData was handed "
         "over as a view of the body).";
}

// The memory of one large platform request opened and sealed through the C ABI.
const char* InboundMemoryWhy() {
  return "the decrypted business object is held about three times at the peak: as the plaintext OpenRequest decrypts, "
         "as the parsed document the catalog checks (the image copied into it), and as the handler request written "
         "from that document; the copy InboundOpen returns across the C ABI, and InboundSeal's parse of the handler "
         "request to recall the call, add one or two more. Fix: keep the image a view into the plaintext rather than "
         "a copy in the document, write the handler request straight into the buffer the ABI returns, and have "
         "InboundSeal read only the head of the handler request (platform, api, requestId).";
}

// What the inbound rows (no target) are made of, from this run's own figures.
std::string InboundNote(const Collector& collector) {
  const auto* one = collector.Find("BM_Inbound/1/");
  const auto* eight = collector.Find("BM_Inbound/8/");
  const auto* pipeline = collector.Find("BM_InboundPipeline");
  if (one == nullptr || eight == nullptr || pipeline == nullptr || one->counters.count("gw_p50_us") == 0 ||
      eight->counters.count("gw_calls_s") == 0 || pipeline->counters.count("onetrans_us") == 0)
    return "";
  const auto &c1 = one->counters, &c8 = eight->counters, &p = pipeline->counters;
  double gap = c1.at("gw_p50_us") - c1.at("bare_p50_us"), own = p.at("onetrans_us") - p.at("bare_us");
  return "\n## Notes\n\n- **Inbound, gateway vs bare server** (no target): with one client the gateway's median call takes " +
         Fmt(gap, "%.0f") + " us more than the bare server's. " + Fmt(own, "%.0f") +
         " us of that is the gateway's own work per call, measured without HTTP (row \"work per call without HTTP\"): the "
         "bare server only verifies, decrypts, encrypts and signs, while the gateway also refuses a replayed platformSeqId "
         "across restarts (each one is written to the journal's SQLite file before the HIS is called: about half of that "
         "work in a profile), checks the time window, checks the request and the HIS's answer against the catalog and "
         "writes the handler request in OneTrans's form. The rest is in how the two serve HTTP: the bare cpp-httplib "
         "server reads, handles and answers a connection on one thread; the gateway's event thread holds every "
         "connection (so that slow or idle clients never hold a worker) and hands each complete request to a worker and "
         "the answer back, two more thread hand-offs per call, each a wait for a CPU when the machine is busy, and the "
         "HIS is called through libcurl. With 8 clients on 2 cores, where CPU per call decides, the gateway makes " +
         Fmt(c8.at("gw_calls_s") / c8.at("bare_calls_s")) + "x the bare server's calls/s. p99 figures and calls/s at one "
         "client (the mean's reciprocal) swing from run to run on a machine shared with other work.\n";
}

// Peak RSS of one HIS00002 with a 3 MB image, opened and sealed by the probe in a process of
// its own; the platform's request is written here, so the probe holds nothing but its body.
std::map<std::string, double> InboundMemory(const std::string& probe, const std::string& lib) {
  namespace b = onetrans::bench;
  std::string prefix = "/tmp/onetrans-bench-" + std::to_string(getpid()) + "-inbound";
  std::string journal = prefix + ".db";
  std::map<std::string, std::string> files = {
      {"config", b::InboundConfig(journal, "")},
      {"warm", b::PlatformRequest("HIS00002", b::InboundFixture("HIS00002", "request"))},
      {"body", b::PlatformRequest("HIS00002", b::Authorization(3 << 20))},
      {"reply", "{\"data\":" + b::InboundFixture("HIS00002", "response") + "}"}};
  for (const auto& [name, text] : files) std::ofstream(prefix + "-" + name + ".json", std::ios::binary) << text;
  auto out = Probe("ONETRANS_CONFIG=" + prefix + "-config.json " + probe + " inbound " + lib + " " + prefix + "-warm.json " +
                   prefix + "-body.json " + prefix + "-reply.json");
  for (const auto& [name, text] : files) std::remove((prefix + "-" + name + ".json").c_str());
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((journal + suffix).c_str());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string probe, lib, results = "RESULTS.md";
  std::vector<char*> bmArgs = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") quick = true;
    else if (a == "--probe" && i + 1 < argc) probe = argv[++i];
    else if (a == "--lib" && i + 1 < argc) lib = argv[++i];
    else if (a == "--results" && i + 1 < argc) results = argv[++i];
    else bmArgs.push_back(argv[i]);
  }
  onetrans::bench::g_quick = quick;
  std::string minTime = quick ? "--benchmark_min_time=0.05" : "--benchmark_min_time=1";
  bmArgs.push_back(minTime.data());
  int bmArgc = static_cast<int>(bmArgs.size());

  onetrans::sandbox::Sandbox sb{onetrans::sandbox::Options{}};
  if (!sb.Start().ok()) return 1;
  onetrans::bench::g_sandbox = &sb;
  std::string config = R"({"qingyuan":{"serverAddr":")" + sb.qingyuanUrl() + R"(","platformId":")" +
                       onetrans::sandbox::kDefaultPlatformId + R"(","key":")" + onetrans::sandbox::kDefaultKey +
                       R"("},"journal":{"enabled":false}})";
  if (OneTrans_Init(config.c_str()) != 0) return 1;
  std::string configPath = "/tmp/onetrans-bench-" + std::to_string(getpid()) + ".json";
  std::ofstream(configPath) << config;

  std::string why;
  if (!onetrans::bench::StartInbound(config, &why)) {
    std::fprintf(stderr, "inbound benchmarks: %s\n", why.c_str());
    return 1;
  }

  benchmark::Initialize(&bmArgc, bmArgs.data());
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  onetrans::bench::StopInbound();

  std::map<std::string, double> cold, mem, inboundMem;
  if (!probe.empty() && !lib.empty()) {
    std::string env = "ONETRANS_CONFIG=" + configPath + " ";
    cold = Probe(env + probe + " cold " + lib);
    mem = Probe(env + probe + " memory " + lib + " " + std::to_string(3 << 20));
    inboundMem = InboundMemory(probe, lib);
  }
  std::remove(configPath.c_str());

  std::vector<Row> rows;
  struct EnvelopeKind {
    const char *ours, *floor, *label, *why;
  };
  const EnvelopeKind kinds[] = {
      {"BM_Envelope_OneTrans/", "BM_Envelope_RawEvp/", "build request ",
       "JSON serialisation of the business object and writing the envelope are work the raw EVP floor does not do; they "
       "scale with the payload."},
      {"BM_Reply_OneTrans/", "BM_Reply_RawEvp/", "verify+decrypt reply ", OpenWhy()},
      {"BM_OpenRequest_OneTrans/", "BM_OpenRequest_Floor/", "open platform request (OpenRequest) ", OpenWhy()},
  };
  for (const auto& kind : kinds) {
    for (int size : {1 << 10, 64 << 10, 3 << 20}) {
      const auto* ours = collector.Find(kind.ours + std::to_string(size));
      const auto* raw = collector.Find(kind.floor + std::to_string(size));
      if (ours == nullptr || raw == nullptr) continue;
      double ratio = ours->cpuTime / raw->cpuTime;
      bool targeted = size >= (64 << 10);
      std::string label = size >= (1 << 20) ? std::to_string(size >> 20) + " MB" : std::to_string(size >> 10) + " KB";
      rows.push_back({kind.label + label, Fmt(ours->cpuTime, "%.1f us"), Fmt(raw->cpuTime, "%.1f us"), Fmt(ratio) + "x",
                      targeted ? "<= 1.25x" : "-", !targeted || ratio <= 1.25, kind.why});
    }
  }
  const auto* mt = collector.Find("BM_E2E_MobileTrans");
  const auto* rc = collector.Find("BM_E2E_RawCurl");
  if (mt != nullptr && rc != nullptr) {
    double ratio = mt->counters.at("p50_us") / rc->counters.at("p50_us");
    // The prepared-body baseline leaves out the SM3/SM4 work every call must do: building the
    // request envelope and verifying + decrypting the reply (the raw EVP floor at 1 KB, above).
    const auto* envFloor = collector.Find("BM_Envelope_RawEvp/1024");
    const auto* replyFloor = collector.Find("BM_Reply_RawEvp/1024");
    double floorUs = (envFloor != nullptr ? envFloor->cpuTime : 0) + (replyFloor != nullptr ? replyFloor->cpuTime : 0);
    double diff = mt->counters.at("p50_us") - rc->counters.at("p50_us");
    const std::string floorText = Fmt(floorUs, "%.0f") +
                                  " us of SM3/SM4 work the protocol requires of every call (building the request envelope "
                                  "and verifying + decrypting the reply: the raw EVP floor at 1 KB, measured above), which "
                                  "the prepared-body baseline leaves out";
    std::string latencyWhy =
        diff > floorUs
            ? "of the " + Fmt(diff, "%.0f") + " us between the two, " + floorText + "; OneTrans's own cost beyond that "
              "floor is " + Fmt(diff - floorUs, "%.0f") + " us. Meeting 1.15x against this baseline would need SM4/SM3 "
              "faster than OpenSSL's portable C (e.g. an AES-NI/AVX SM4 implementation)."
            : "the " + Fmt(diff, "%.0f") + " us between the two is less than the " + floorText + ": OneTrans adds "
              "nothing measurable beyond that floor, and the ratio moves by a tenth or two from run to run (on either "
              "side of the target) with the scheduling of the in-process sandbox's threads on two cores.";
    rows.push_back({"MobileTrans p50 latency (sandbox)", Fmt(mt->counters.at("p50_us"), "%.0f us"),
                    Fmt(rc->counters.at("p50_us"), "%.0f us"), Fmt(ratio) + "x", "<= 1.15x", ratio <= 1.15, latencyWhy});
    rows.push_back({"MobileTrans p99 latency", Fmt(mt->counters.at("p99_us"), "%.0f us"), Fmt(rc->counters.at("p99_us"), "%.0f us"),
                    Fmt(mt->counters.at("p99_us") / rc->counters.at("p99_us")) + "x", "-", true, ""});
    rows.push_back({"connections opened (reuse)", Fmt(mt->counters.at("connections"), "%.0f"),
                    Fmt(rc->counters.at("connections"), "%.0f"), "-", "1 each", mt->counters.at("connections") <= 1,
                    "connections were not reused."});
  }
  const auto* t1 = collector.Find("BM_Scaling/real_time/threads:1");
  const auto* t2 = collector.Find("BM_Scaling/real_time/threads:2");
  const auto* raw1 = collector.Find("BM_ScalingRawCurl/iterations:3000/real_time/threads:1");
  const auto* raw2 = collector.Find("BM_ScalingRawCurl/iterations:3000/real_time/threads:2");
  if (t1 != nullptr && t2 != nullptr) {
    double r = t2->counters.at("items_per_second") / t1->counters.at("items_per_second");
    std::string rawWhy;
    std::optional<Row> rawRow;
    if (raw1 != nullptr && raw2 != nullptr) {
      double rr = raw2->counters.at("items_per_second") / raw1->counters.at("items_per_second");
      rawRow = Row{"calls/s, 2 threads vs 1, raw libcurl client (same sandbox)", Fmt(raw2->counters.at("items_per_second"), "%.0f/s"),
                   Fmt(raw1->counters.at("items_per_second"), "%.0f/s"), Fmt(rr) + "x", "-", true, ""};
      rawWhy = " A raw libcurl client of the same sandbox that does no work of its own (requests prepared before the "
               "timed loop) scales " + Fmt(rr) + "x in this run (row below; this figure varies widely from run to run); "
               "OneTrans's client does the SM3/SM4 and JSON work of every call on the same two cores, between the "
               "server's turns.";
    }
    rows.push_back({"calls/s, 2 threads vs 1", Fmt(t2->counters.at("items_per_second"), "%.0f/s"),
                    Fmt(t1->counters.at("items_per_second"), "%.0f/s"), Fmt(r) + "x", ">= 1.8x", r >= 1.8,
                    "the sandbox runs in the same process on the same 2 cores, so each call's server work (verification, "
                    "decryption, its own envelope) competes with the client threads for the two cores." + rawWhy +
                    " The library holds no lock across a call (connection pool and runtime snapshot only; return codes are "
                    "lock-free literals), and a profile at two threads shows no contended lock, with most samples in the "
                    "kernel (loopback and scheduling). Fix: measure with the sandbox on cores or a machine of its own, as "
                    "the platform is in a hospital, so that the figure is the client's alone."});
    if (rawRow) rows.push_back(*rawRow);
  }
  if (mem.count("rss_peak_kb") != 0) {
    double extra = (mem["rss_peak_kb"] - mem["rss_before_kb"]) * 1024.0, payload = mem["payload_bytes"];
    double r = extra / payload;
    rows.push_back({"peak RSS of one 3 MB HOS00028 upload", Fmt(extra / 1048576.0, "%.1f MB"), Fmt(payload / 1048576.0, "%.1f MB"),
                    Fmt(r) + "x", "<= 5x", r <= 5,
                    "at the peak the parsed request (3 MB), the compact plaintext that is signed and encrypted (3 MB) and the "
                    "request body, whose hex encData is twice the ciphertext (6 MB), are alive together, plus allocator slack "
                    "(encData is already encrypted in 16 KB slices straight into the body, so no whole ciphertext is held). "
                    "Fix: serialise the plaintext from the host's text without keeping the parsed document; that leaves about 3x."});
  }
  if (cold.count("cold_first_us") != 0) {
    rows.push_back({"cold start: load + first call vs second call", Fmt(cold["cold_first_us"], "%.0f us"),
                    Fmt(cold["cold_second_us"], "%.0f us"), Fmt(cold["cold_first_us"] / cold["cold_second_us"]) + "x", "-",
                    true, ""});
  }

  for (int clients : {1, 2, 8}) {
    const auto* f = collector.Find("BM_Inbound/" + std::to_string(clients) + "/");
    if (f == nullptr || f->counters.count("gw_p50_us") == 0 || f->counters.count("bare_p50_us") == 0) continue;
    std::string who = "inbound HIS00003, " + std::to_string(clients) + (clients == 1 ? " client" : " clients") + ": ";
    const auto& c = f->counters;
    for (const char* m : {"p50_us", "p99_us"})
      rows.push_back({who + (m[1] == '5' ? "p50" : "p99") + " latency, gateway vs bare server", Fmt(c.at(std::string("gw_") + m), "%.0f us"),
                      Fmt(c.at(std::string("bare_") + m), "%.0f us"), Fmt(c.at(std::string("gw_") + m) / c.at(std::string("bare_") + m)) + "x",
                      "-", true, ""});
    rows.push_back({who + "calls/s, gateway vs bare server", Fmt(c.at("gw_calls_s"), "%.0f/s"), Fmt(c.at("bare_calls_s"), "%.0f/s"),
                    Fmt(c.at("gw_calls_s") / c.at("bare_calls_s")) + "x", "-", true, ""});
  }
  const auto* pipeline = collector.Find("BM_InboundPipeline");
  if (pipeline != nullptr && pipeline->counters.count("onetrans_us") != 0) {
    const auto& c = pipeline->counters;
    rows.push_back({"inbound HIS00003, work per call without HTTP (CPU): inbound Open + Seal vs the bare server's",
                    Fmt(c.at("onetrans_us"), "%.1f us"), Fmt(c.at("bare_us"), "%.1f us"), Fmt(c.at("onetrans_us") / c.at("bare_us")) + "x",
                    "-", true, ""});
  }
  if (inboundMem.count("rss_peak_kb") != 0 && inboundMem["ok"] == 1) {
    double extra = (inboundMem["rss_peak_kb"] - inboundMem["rss_before_kb"]) * 1024.0, body = inboundMem["body_bytes"];
    double r = extra / body;
    rows.push_back({"peak RSS of one HIS00002 (3 MB image) through InboundOpen + InboundSeal", Fmt(extra / 1048576.0, "%.1f MB"),
                    Fmt(body / 1048576.0, "%.1f MB"), Fmt(r) + "x", "<= 6x", r <= 6, InboundMemoryWhy()});
  }

  std::ostringstream md;
  std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", std::localtime(&now));
  md << "# OneTrans benchmark results\n\n" << "- machine: " << Machine() << "\n- date: " << date << "\n- mode: "
     << (quick ? "quick (smoke, not for figures)" : "full") << "\n- OneTrans " << OneTrans_Version()
     << "\n\nEvery figure is a ratio against a baseline measured in the same run (`bash bench/run.sh`). Envelope "
        "figures (build, reply, platform request) are CPU time of the benchmark's thread, so that other processes on a "
        "busy machine do not enter them; latencies and calls/s are wall time.\n\n"
     << "| measure | OneTrans | baseline | ratio | target | met |\n|---|---|---|---|---|---|\n";
  for (const auto& r : rows)
    md << "| " << r.what << " | " << r.value << " | " << r.baseline << " | " << r.ratio << " | " << r.target << " | "
       << (r.target == "-" ? "" : r.met ? "yes" : "**no**") << " |\n";
  md << "\nBaselines: raw OpenSSL EVP SM3 + SM4-ECB + table hex on the same bytes, nothing of OneTrans (envelope, reply, "
        "platform request: bench/raw_qingyuan.cpp); a raw libcurl POST of a prepared body of the same call on a reused "
        "connection (latency); one thread (scaling); the payload itself (memory); the second call (cold start); a bare "
        "cpp-httplib server that verifies, decrypts, asks the same HIS web service, encrypts and signs with raw EVP, for the "
        "same prepared requests from the same keep-alive clients (inbound, rounds alternating between the two); the request "
        "body (inbound memory).\n";
  bool anyMissed = false;
  for (const auto& r : rows)
    if (!r.met) {
      if (!anyMissed) md << "\n## Targets missed, why, and what would fix it\n\n";
      anyMissed = true;
      md << "- **" << r.what << "** (" << r.ratio << ", target " << r.target << "): " << r.why << "\n";
    }
  md << InboundNote(collector);
  std::printf("\n%s", md.str().c_str());
  std::ofstream(results) << md.str();
  OneTrans_Cleanup();
  sb.Stop();
  return 0;
}
