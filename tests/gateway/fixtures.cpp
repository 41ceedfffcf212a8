#include "gateway/fixtures.h"

#include <dirent.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace onetrans::test {
namespace {

std::string Read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// <API>.request.json, else <API>.request.sample.json (not the partial or variant ones).
std::string Pick(const std::string& dir, const std::string& api, const std::string& kind) {
  for (const std::string& name : {api + "." + kind + ".json", api + "." + kind + ".sample.json"}) {
    std::string text = Read(dir + "/" + name);
    if (!text.empty()) return text;
  }
  return "";
}

}  // namespace

const std::map<std::string, InboundFixture>& InboundFixtures() {
  static const auto* all = [] {
    auto* m = new std::map<std::string, InboundFixture>;
    for (const char* platform : {"qingyuan", "amp", "yzt", "mpay"}) {
      std::string dir = std::string(ONETRANS_TEST_DATA) + "/inbound/" + platform;
      DIR* d = opendir(dir.c_str());
      if (d == nullptr) throw std::runtime_error("no fixtures in " + dir);
      while (dirent* e = readdir(d)) {
        std::string name = e->d_name;
        auto dot = name.find(".request");
        if (name[0] == '_' || dot == std::string::npos) continue;
        std::string api = name.substr(0, dot);
        if (m->count(api)) continue;
        InboundFixture f{platform, api, Pick(dir, api, "request"), Pick(dir, api, "response")};
        if (!f.request.empty() && !f.response.empty()) m->emplace(api, f);
      }
      closedir(d);
    }
    return m;
  }();
  return *all;
}

}  // namespace onetrans::test
