// Measurements that need a process of their own. It loads libonetrans.so with dlopen, as a
// HIS does, configured through ONETRANS_CONFIG:
//   probe cold LIB        -> first call (load + initialise + connect + call) and second call, in µs
//   probe memory LIB N    -> RSS before one HOS00028 upload of an N-byte image, and the peak, in KiB
//   probe inbound LIB WARM BODY REPLY
//                         -> RSS before one platform request (the file BODY) is opened with
//                            OneTrans_InboundOpen and the HIS's reply (REPLY) sealed with
//                            OneTrans_InboundSeal, and the peak, in KiB; WARM is a small request
//                            of the same API opened and sealed first
#include <dlfcn.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

using MobileTransFn = const char* (*)(char*, char*);
using InboundFn = int (*)(const char*, const char*, char**);
using FreeFn = void (*)(char*);

namespace {

long RssKb() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

long PeakKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::string StatusQuery() {
  return R"({"transCode":"HOS00012","data":{"orderId":"PAY00000001","hospitalId":"QYH44180200001","cityCode":"441800"}})";
}

// Read into a string of exactly the file's size: growing one would leave a higher peak behind
// than the body itself, before the call that is measured.
std::string ReadFile(const char* path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  std::string s(static_cast<std::size_t>(std::max<std::streamoff>(f.tellg(), 0)), '\0');
  f.seekg(0);
  f.read(s.data(), static_cast<std::streamsize>(s.size()));
  return s;
}

// One call as a HIS with its own web server answers it: open, its reply, seal. True when the
// platform gets the HIS's answer (rtCode 0000).
bool Inbound(void* lib, const std::string& body, const std::string& reply) {
  auto open = reinterpret_cast<InboundFn>(dlsym(lib, "OneTrans_InboundOpen"));
  auto seal = reinterpret_cast<InboundFn>(dlsym(lib, "OneTrans_InboundSeal"));
  auto release = reinterpret_cast<FreeFn>(dlsym(lib, "OneTrans_Free"));
  if (open == nullptr || seal == nullptr || release == nullptr) return false;
  char* request = nullptr;
  char* answer = nullptr;
  bool ok = open("qingyuan", body.c_str(), &request) == 0 && seal(request, reply.c_str(), &answer) == 0 &&
            std::strstr(answer, R"("rtCode":"0000")") != nullptr;
  release(request);
  release(answer);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  std::string mode = argv[1];
  auto t0 = std::chrono::steady_clock::now();
  void* lib = dlopen(argv[2], RTLD_NOW);
  if (lib == nullptr) {
    std::fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  auto mobileTrans = reinterpret_cast<MobileTransFn>(dlsym(lib, "MobileTrans"));
  std::vector<char> out(8192);
  if (mode == "cold") {
    std::string in = StatusQuery();
    const char* rc1 = mobileTrans(in.data(), out.data());
    auto t1 = std::chrono::steady_clock::now();
    const char* rc2 = mobileTrans(in.data(), out.data());
    auto t2 = std::chrono::steady_clock::now();
    std::printf("cold_first_us=%.0f cold_second_us=%.0f rc=%s/%s\n",
                std::chrono::duration<double, std::micro>(t1 - t0).count(),
                std::chrono::duration<double, std::micro>(t2 - t1).count(), rc1, rc2);
    return std::strcmp(rc1, "000000") == 0 && std::strcmp(rc2, "000000") == 0 ? 0 : 1;
  }
  if (mode == "memory" && argc >= 4) {
    std::size_t n = std::strtoul(argv[3], nullptr, 10);
    // Warm up (configuration, connection) so the figure is the upload's own cost.
    std::string warm = StatusQuery();
    mobileTrans(warm.data(), out.data());
    std::string in;
    in.reserve(n + 256);
    in = R"({"transCode":"HOS00028","data":{"treatmentSerialNo":"ZY0001","idNo":"441802198708081050","fileType":"png","imageBase64":")";
    in.append(n, 'A');
    in += R"(","imageType":"3044","verifyStatus":"0"}})";
    long before = std::max(RssKb(), PeakKb());
    const char* rc = mobileTrans(in.data(), out.data());
    std::printf("rss_before_kb=%ld rss_peak_kb=%ld payload_bytes=%zu rc=%s\n", before, PeakKb(), n, rc);
    return std::strcmp(rc, "000000") == 0 ? 0 : 1;
  }
  if (mode == "inbound" && argc >= 6) {
    std::string reply = ReadFile(argv[5]);
    bool warm = Inbound(lib, ReadFile(argv[3]), reply);
    std::string body = ReadFile(argv[4]);
    long before = std::max(RssKb(), PeakKb());
    bool ok = Inbound(lib, body, reply);
    std::printf("rss_before_kb=%ld rss_peak_kb=%ld body_bytes=%zu ok=%d\n", before, PeakKb(), body.size(), warm && ok ? 1 : 0);
    return warm && ok ? 0 : 1;
  }
  return 2;
}
