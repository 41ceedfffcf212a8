#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "cli/commands.h"
#include "core/config.h"
#include "sandbox/sandbox.h"

namespace onetrans::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

}  // namespace

int Sandbox(int argc, char** argv) {
  sandbox::Options opts;
  const char* config = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--port" && i + 1 < argc) opts.port = std::atoi(argv[++i]);
    else if (a == "--config" && i + 1 < argc) config = argv[++i];
    else if (a == "--tls-cert" && i + 1 < argc) opts.tlsCert = argv[++i];
    else if (a == "--tls-key" && i + 1 < argc) opts.tlsKey = argv[++i];
    else if (a == "--host" && i + 1 < argc) opts.host = argv[++i];
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (config != nullptr) {
    auto cfg = LoadConfig(config);
    if (!cfg.ok()) {
      std::fprintf(stderr, "%s\n", cfg.status.message.c_str());
      return 1;
    }
    auto fromConfig = sandbox::OptionsFrom(cfg.value);
    if (!fromConfig.ok()) {
      std::fprintf(stderr, "%s\n", fromConfig.status.message.c_str());
      return 1;
    }
    fromConfig.value.port = opts.port;
    fromConfig.value.host = opts.host;
    fromConfig.value.tlsCert = opts.tlsCert;
    fromConfig.value.tlsKey = opts.tlsKey;
    opts = fromConfig.value;
  }
  sandbox::Sandbox sb(opts);
  Status st = sb.Start();
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.message.c_str());
    return 1;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::printf("listening on %s\n", sb.baseUrl().c_str());
  std::printf("qingyuan serverAddr=%s platformId=%s\n", sb.qingyuanUrl().c_str(), sb.options().qingyuan.platformId.c_str());
  std::printf("amp serverAddr=%s\n", sb.ampUrl().c_str());
  if (!sb.options().hospitalUrl.empty()) std::printf("calling the hospital at %s\n", sb.options().hospitalUrl.c_str());
  std::fflush(stdout);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  sb.Stop();
  return 0;
}

}  // namespace onetrans::cli
