// The shims declare only what the library exports, with the header's arity and types.
// There is no PowerBuilder here, so its .sru is parsed and checked instead of compiled.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace {

std::string Read(const std::string& relative) {
  std::ifstream f(std::string(ONETRANS_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

struct CDecl {
  std::string ret;
  std::vector<std::string> params;  // types only
};

// ONETRANS_API <ret> ONETRANS_CALL <name>(<params>);
std::map<std::string, CDecl> HeaderDecls() {
  std::string h = Read("include/onetrans/onetrans.h");
  std::map<std::string, CDecl> out;
  std::regex re(R"(ONETRANS_API\s+([^;]+?)\s+ONETRANS_CALL\s+(\w+)\(([^)]*)\);)");
  for (auto it = std::sregex_iterator(h.begin(), h.end(), re); it != std::sregex_iterator(); ++it) {
    CDecl d;
    d.ret = Trim((*it)[1]);
    std::string params = Trim((*it)[3]);
    if (params != "void") {
      std::stringstream ss(params);
      std::string p;
      while (std::getline(ss, p, ',')) {
        p = Trim(p);
        auto name = p.find_last_of(" *");
        d.params.push_back(Trim(p.substr(0, name + 1)));
      }
    }
    out[(*it)[2]] = d;
  }
  return out;
}

std::set<std::string> DefExports() {
  std::stringstream ss(Read("def/OneTrans.def"));
  std::set<std::string> out;
  std::string line;
  bool on = false;
  while (std::getline(ss, line)) {
    line = Trim(line);
    if (line == "EXPORTS") { on = true; continue; }
    if (on && !line.empty() && line[0] != ';') out.insert(line);
  }
  return out;
}

// What a PowerBuilder external declaration must be for each C type.
bool PbMatches(const std::string& pb, const std::string& c, bool isReturn) {
  if (c == "const char*" || c == "const wchar_t*") return pb == (isReturn ? "string" : "string");
  if (c == "char*" || c == "wchar_t*") return pb == "ref string";
  if (c == "int") return pb == "long";  // PowerBuilder's long is 32-bit, like C's int
  if (c == "int*") return pb == "ref long";
  if (c == "void") return pb == "void";
  return false;
}

}  // namespace

TEST_CASE("the header declares every export of the .def, and only those", "[shims]") {
  auto decls = HeaderDecls();
  auto exports = DefExports();
  CHECK(decls.size() == exports.size());
  for (const auto& e : exports) CHECK(decls.count(e) == 1);
}

TEST_CASE("PowerBuilder: every external function matches the header by name, arity and types", "[shims]") {
  auto decls = HeaderDecls();
  std::string sru = Read("bindings/powerbuilder/n_onetrans.sru");
  std::regex re(R"re((FUNCTION\s+(\w+)|SUBROUTINE)\s+(\w+)\(([^)]*)\)\s+LIBRARY\s+"OneTrans\.dll"\s+ALIAS\s+FOR\s+"(\w+)(;ansi)?")re",
                std::regex::icase);
  int count = 0;
  std::set<std::string> seen;
  for (auto it = std::sregex_iterator(sru.begin(), sru.end(), re); it != std::sregex_iterator(); ++it) {
    ++count;
    std::string ret = (*it)[2].matched ? (*it)[2].str() : "void";
    std::string name = (*it)[3], params = Trim((*it)[4]), alias = (*it)[5];
    bool ansi = (*it)[6].matched;
    INFO(name << " alias " << alias);
    REQUIRE(decls.count(alias) == 1);
    seen.insert(alias);
    const CDecl& c = decls[alias];
    // ANSI aliases for narrow exports, none for the UTF-16 one.
    CHECK(ansi == (alias.back() != 'W' && (params.find("string") != std::string::npos || ret == "string")));
    CHECK(PbMatches(ret, c.ret, true));
    std::vector<std::string> pbParams;
    if (!params.empty()) {
      std::stringstream ss(params);
      std::string p;
      while (std::getline(ss, p, ',')) {
        p = Trim(p);
        pbParams.push_back(Trim(p.substr(0, p.find_last_of(' '))));
      }
    }
    REQUIRE(pbParams.size() == c.params.size());
    for (std::size_t i = 0; i < pbParams.size(); ++i) {
      INFO("parameter " << i << ": " << pbParams[i] << " vs " << c.params[i]);
      CHECK(PbMatches(pbParams[i], c.params[i], false));
    }
  }
  CHECK(count >= 5);
  CHECK(seen.count("MobileTrans") == 1);
  CHECK(seen.count("MobileTransW") == 1);
}

TEST_CASE("C#, Delphi and the JNI glue use only exported functions", "[shims]") {
  auto exports = DefExports();
  struct Shim { const char* file; const char* pattern; };
  for (const Shim& s : {Shim{"bindings/csharp/OneTrans.cs", R"re(EntryPoint\s*=\s*"(\w+)")re"},
                        Shim{"bindings/delphi/OneTrans.pas", R"re(external\s+OneTransLib\s+name\s+'(\w+)')re"},
                        Shim{"bindings/java/onetrans_jni.c", R"re(\b(MobileTrans\w*|OneTrans_\w+)\()re"}}) {
    std::string text = Read(s.file);
    std::regex re(s.pattern);
    int n = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it, ++n) {
      INFO(s.file << ": " << (*it)[1]);
      CHECK(exports.count((*it)[1]) == 1);
    }
    INFO(s.file);
    CHECK(n >= 3);
  }
}
