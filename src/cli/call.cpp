#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "abi/codes.h"
#include "cli/commands.h"
#include "onetrans/onetrans.h"

namespace onetrans::cli {

const char* CodeText(int code) { return abi::CodeString(code); }

int Call(int argc, char** argv) {
  const char* config = nullptr;
  std::string inPath = "-";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config = argv[++i];
    } else {
      inPath = argv[i];
    }
  }
  if (config != nullptr) {
    int rc = OneTrans_Init(config);
    if (rc != 0) {
      std::fprintf(stderr, "config %s rejected (return=%s): %s\n", config, CodeText(rc), OneTrans_LastError());
      return 1;
    }
  }
  std::stringstream ss;
  if (inPath == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream f(inPath, std::ios::binary);
    if (!f) {
      std::fprintf(stderr, "cannot read %s\n", inPath.c_str());
      return 1;
    }
    ss << f.rdbuf();
  }
  std::string in = ss.str();
  char* out = nullptr;
  int rc = OneTrans_Call(in.c_str(), &out);
  std::printf("%s\n", out != nullptr ? out : "");
  OneTrans_Free(out);
  std::fprintf(stderr, "return=%s\n", CodeText(rc));
  OneTrans_Cleanup();
  return rc == 0 ? 0 : 1;
}

}  // namespace onetrans::cli
