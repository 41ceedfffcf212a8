#include <cstdio>
#include <cstring>

#include "cli/commands.h"
#include "onetrans/onetrans.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: onetrans <command> [options]\n"
               "  call [--config FILE] [IN.json|-]   run one MobileTrans call, print the output JSON\n"
               "  sandbox [--port N] [--config FILE] [--tls-cert PEM --tls-key PEM]\n"
               "                                     local simulator of the platforms\n"
               "  demo                               walk a hospital flow against an in-process sandbox\n"
               "  bill --platform amp|qingyuan --date YYYY-MM-DD [--out FILE.csv|.json] ...\n"
               "                                     download, check and parse a day's bill\n"
               "  journal [resolve] [--config FILE] [--all] [--id N --status S]\n"
               "                                     money-moving calls without a final answer; resolve settles them\n"
               "  gateway [--config FILE]            answer the platforms' calls into the hospital ([gateway] in the config)\n"
               "  version                            print the library version\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const char* cmd = argv[1];
  if (std::strcmp(cmd, "call") == 0) return onetrans::cli::Call(argc - 1, argv + 1);
  if (std::strcmp(cmd, "sandbox") == 0) return onetrans::cli::Sandbox(argc - 1, argv + 1);
  if (std::strcmp(cmd, "demo") == 0) return onetrans::cli::Demo(argc - 1, argv + 1);
  if (std::strcmp(cmd, "bill") == 0) return onetrans::cli::Bill(argc - 1, argv + 1);
  if (std::strcmp(cmd, "journal") == 0) return onetrans::cli::Journal(argc - 1, argv + 1);
  if (std::strcmp(cmd, "gateway") == 0) return onetrans::cli::Gateway(argc - 1, argv + 1);
  if (std::strcmp(cmd, "version") == 0 || std::strcmp(cmd, "--version") == 0) {
    std::printf("%s\n", OneTrans_Version());
    return 0;
  }
  return Usage();
}
