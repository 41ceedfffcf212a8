#include "support/vectors.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace onetrans::test {

const json::Document& Vectors() {
  static const json::Document* doc = [] {
    std::ifstream f(ONETRANS_VECTORS_PATH, std::ios::binary);
    if (!f) throw std::runtime_error("cannot open " ONETRANS_VECTORS_PATH);
    std::stringstream ss;
    ss << f.rdbuf();
    auto* d = new json::Document;
    if (!json::Parse(ss.str(), d).ok()) throw std::runtime_error("vectors.json is not JSON");
    return d;
  }();
  return *doc;
}

std::vector<const json::Value*> VectorsOfKind(const std::string& kind) {
  std::vector<const json::Value*> out;
  for (const auto& v : Vectors()["vectors"].GetArray())
    if (Str(v, "kind") == kind) out.push_back(&v);
  return out;
}

std::string Str(const json::Value& v, const char* name) { return json::GetStringOr(v, name, ""); }

}  // namespace onetrans::test
