// `onetrans gateway [--config FILE]` (PROTOCOL.md §9.5): serves the platforms' calls into the
// hospital until SIGTERM / SIGINT, then finishes the calls in flight and exits.
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "onetrans/onetrans.h"

namespace onetrans::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

}  // namespace

int Gateway(int argc, char** argv) {
  const char* config = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--config" && i + 1 < argc) {
      config = argv[++i];
    } else {
      std::fprintf(stderr, "usage: onetrans gateway [--config FILE]\n");
      return 2;
    }
  }
  int rc = OneTrans_GatewayStart(config, nullptr, nullptr);
  if (rc != 0) {
    std::fprintf(stderr, "gateway: %s (return=%s)\n", OneTrans_LastError(), CodeText(rc));
    return 1;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::printf("listening on %s\n", OneTrans_GatewayAddress());
  std::fflush(stdout);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  OneTrans_GatewayStop();
  std::fprintf(stderr, "gateway stopped\n");
  return 0;
}

}  // namespace onetrans::cli
