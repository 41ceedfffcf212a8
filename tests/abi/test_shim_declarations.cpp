// The shims declare only what the library exports, with the header's arity and types: C#'s
// P/Invoke and delegates, Delphi's externals and callback type, PowerBuilder's externals (there is
// no PowerBuilder here, so its .sru is parsed and checked instead of compiled). The JNI glue is C
// compiled against the header itself.
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

std::vector<std::string> CParamTypes(const std::string& list) {
  std::vector<std::string> out;
  std::string params = Trim(list);
  if (params == "void") return out;
  std::stringstream ss(params);
  std::string p;
  while (std::getline(ss, p, ',')) {
    p = Trim(p);
    auto name = p.find_last_of(" *");
    out.push_back(Trim(p.substr(0, name + 1)));
  }
  return out;
}

// ONETRANS_API <ret> ONETRANS_CALL <name>(<params>);
std::map<std::string, CDecl> HeaderDecls() {
  std::string h = Read("include/onetrans/onetrans.h");
  std::map<std::string, CDecl> out;
  std::regex re(R"(ONETRANS_API\s+([^;]+?)\s+ONETRANS_CALL\s+(\w+)\(([^)]*)\);)");
  for (auto it = std::sregex_iterator(h.begin(), h.end(), re); it != std::sregex_iterator(); ++it)
    out[(*it)[2]] = CDecl{Trim((*it)[1]), CParamTypes((*it)[3])};
  return out;
}

// typedef <ret> (ONETRANS_CALL *<name>)(<params>); — the callback types a shim implements.
std::map<std::string, CDecl> HeaderCallbacks() {
  std::string h = Read("include/onetrans/onetrans.h");
  std::map<std::string, CDecl> out;
  std::regex re(R"(typedef\s+(\w+)\s*\(\s*ONETRANS_CALL\s*\*\s*(\w+)\)\s*\(([^)]*)\);)");
  for (auto it = std::sregex_iterator(h.begin(), h.end(), re); it != std::sregex_iterator(); ++it)
    out[(*it)[2]] = CDecl{Trim((*it)[1]), CParamTypes((*it)[3])};
  return out;
}

// The text between the braces that follow `opener` (the body of a class, a function).
std::string Block(const std::string& text, const std::string& opener) {
  auto at = text.find(opener);
  REQUIRE(at != std::string::npos);
  auto open = text.find('{', at);
  REQUIRE(open != std::string::npos);
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '{') ++depth;
    if (text[i] == '}' && --depth == 0) return text.substr(open + 1, i - open - 1);
  }
  FAIL("unbalanced braces after " << opener);
  return "";
}

// "out IntPtr response" -> "out IntPtr": a declaration without its last word.
std::string WithoutName(const std::string& p) {
  std::string t = Trim(p);
  return Trim(t.substr(0, t.find_last_of(" \t")));
}

std::vector<std::string> Split(const std::string& list, char sep) {
  std::vector<std::string> out;
  if (Trim(list).empty()) return out;
  std::stringstream ss(list);
  std::string p;
  while (std::getline(ss, p, sep)) out.push_back(Trim(p));
  return out;
}

// The exports every shim with a handler API must declare (the 1.1 inbound side).
const char* const kInbound[] = {"OneTrans_Reply", "OneTrans_InboundOpen", "OneTrans_InboundSeal", "OneTrans_GatewayStart",
                                "OneTrans_GatewayAddress", "OneTrans_GatewayStop"};

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
bool PbMatches(const std::string& pb, const std::string& c, bool isReturn, const std::string& function) {
  if (c == "const wchar_t*") return pb == "string";
  // A string, or UTF-8 bytes in a blob (the inbound text, UTF-8 whatever PB's encoding).
  if (c == "const char*") return pb == "string" || (!isReturn && pb == "ref blob");
  if (c == "char*" || c == "wchar_t*") return pb == "ref string" || (function == "OneTrans_Free" && pb == "long");
  if (c == "char**") return pb == "ref long";  // the library's pointer, in a 32-bit PB long
  if (c == "int") return pb == "long";  // PowerBuilder's long is 32-bit, like C's int
  if (c == "int*") return pb == "ref long";
  if (c == "void") return pb == "void";
  return false;
}

// What a C# P/Invoke declaration must be for each C type. Text the library returns or hands a
// callback is an IntPtr the shim decodes; text going in is a NUL-terminated UTF-8 byte[].
bool CsMatches(const std::string& cs, const std::string& c, bool fromLibrary, const std::string& function = "") {
  if (c == "const char*") return cs == (fromLibrary ? "IntPtr" : "byte[]");
  if (c == "char*") return cs == "byte[]" || (function == "OneTrans_Free" && cs == "IntPtr");  // the library's own pointer
  if (c == "char**") return cs == "out IntPtr";
  if (c == "void*") return cs == "IntPtr";
  if (c == "int") return cs == "int";
  if (c == "int*") return cs == "out int" || cs == "ref int";
  if (c == "void") return cs == "void";
  return false;
}

// ... and a Delphi external (Integer is 32-bit on every Delphi / Free Pascal target).
bool PasMatches(const std::string& pas, const std::string& c) {
  if (c == "const char*" || c == "char*") return pas == "PAnsiChar";
  if (c == "char**") return pas == "PPAnsiChar";
  if (c == "void*") return pas == "Pointer";
  if (c == "int") return pas == "Integer";
  if (c == "int*") return pas == "PInteger";
  return false;
}

// Delphi parameter groups "pIn, pOut: PAnsiChar; outLen: PInteger" -> one type per parameter.
std::vector<std::string> PasParamTypes(const std::string& list) {
  std::vector<std::string> out;
  for (const std::string& group : Split(list, ';')) {
    auto colon = group.find(':');
    REQUIRE(colon != std::string::npos);
    std::string type = Trim(group.substr(colon + 1));
    std::string names = group.substr(0, colon);
    for (const char* modifier : {"const ", "var ", "out "})
      if (names.rfind(modifier, 0) == 0) {
        type = std::string(modifier) + type;
        names = names.substr(std::string(modifier).size());
      }
    for (std::size_t i = 0; i < Split(names, ',').size(); ++i) out.push_back(type);
  }
  return out;
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
    CHECK(PbMatches(ret, c.ret, true, alias));
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
      CHECK(PbMatches(pbParams[i], c.params[i], false, alias));
    }
  }
  CHECK(count >= 5);
  CHECK(seen.count("MobileTrans") == 1);
  CHECK(seen.count("MobileTransW") == 1);
  // The inbound codec (no callbacks in PowerBuilder: no gateway).
  for (const char* name : {"OneTrans_InboundOpen", "OneTrans_InboundSeal", "OneTrans_Free"}) {
    INFO(name);
    CHECK(seen.count(name) == 1);
  }
}

TEST_CASE("PowerBuilder: the inbound functions are declared, and free every text the library allocates", "[shims]") {
  std::string sru = Read("bindings/powerbuilder/n_onetrans.sru");
  std::string prototypes = sru.substr(sru.find("forward prototypes"));
  prototypes = prototypes.substr(0, prototypes.find("end prototypes"));
  auto body = [&](const std::string& signature) {
    INFO(signature);
    REQUIRE(prototypes.find(signature + "\n") != std::string::npos);  // forward-declared as defined
    auto at = sru.find(signature + ";", sru.find("end prototypes"));
    REQUIRE(at != std::string::npos);
    auto end = sru.find("end function", at);
    REQUIRE(end != std::string::npos);
    return sru.substr(at, end - at);
  };
  std::string open = body("public function integer of_inbound_open (string as_route, string as_body, ref string as_text)");
  std::string seal = body("public function string of_inbound_seal (string as_request, string as_reply)");
  std::string take = body("private function string of_take (long al_ptr)");
  body("private function blob of_utf8z (string as_text)");
  CHECK(open.find("OneTrans_InboundOpen(") != std::string::npos);
  CHECK(seal.find("OneTrans_InboundSeal(") != std::string::npos);
  // Every pointer the library fills goes through of_take, which frees it.
  for (const std::string* f : {&open, &seal}) CHECK(f->find("of_take(ll_out)") != std::string::npos);
  CHECK(take.find("OneTrans_Free(al_ptr)") != std::string::npos);
  // Nothing else calls the codec: no path around of_take.
  auto calls = [&](const std::string& what) {
    int n = 0;
    for (auto at = sru.find(what); at != std::string::npos; at = sru.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(calls("OneTrans_InboundOpen(ll") + calls("OneTrans_InboundOpen(lb") == 1);
  CHECK(calls("OneTrans_InboundSeal(lb") == 1);
}

TEST_CASE("C#: every P/Invoke matches the header, in both calling conventions", "[shims]") {
  auto decls = HeaderDecls();
  auto callbacks = HeaderCallbacks();
  REQUIRE(callbacks.count("OneTransHandler") == 1);
  std::string cs = Read("bindings/csharp/OneTrans.cs");
  std::regex import(R"re(\[DllImport\(Lib,\s*EntryPoint\s*=\s*"(\w+)",\s*CallingConvention\s*=\s*CallingConvention\.(\w+)\)\]\s*public\s+static\s+extern\s+([\w\[\]]+)\s+\w+\(([^)]*)\);)re");
  std::regex delegate(R"re(\[UnmanagedFunctionPointer\(CallingConvention\.(\w+)\)\]\s*public\s+delegate\s+(\w+)\s+(\w+)\(([^)]*)\);)re");
  std::map<std::string, std::set<std::string>> entries;  // convention -> entry points
  std::size_t inClasses = 0;
  for (const char* convention : {"StdCall", "Cdecl"}) {
    std::string block = Block(cs, std::string("static class ") + convention);
    std::map<std::string, std::vector<std::string>> delegates;  // name -> parameter types
    for (auto it = std::sregex_iterator(block.begin(), block.end(), delegate); it != std::sregex_iterator(); ++it) {
      INFO(convention << " delegate " << (*it)[3]);
      CHECK((*it)[1] == convention);
      const CDecl& c = callbacks["OneTransHandler"];
      CHECK(CsMatches((*it)[2], c.ret, true));
      std::vector<std::string> params;
      for (const auto& p : Split((*it)[4], ',')) params.push_back(WithoutName(p));
      REQUIRE(params.size() == c.params.size());
      for (std::size_t i = 0; i < params.size(); ++i) CHECK(CsMatches(params[i], c.params[i], true));
      delegates[(*it)[3]] = params;
    }
    for (auto it = std::sregex_iterator(block.begin(), block.end(), import); it != std::sregex_iterator(); ++it, ++inClasses) {
      std::string name = (*it)[1];
      INFO(convention << " " << name);
      REQUIRE(decls.count(name) == 1);
      CHECK((*it)[2] == convention);
      entries[convention].insert(name);
      const CDecl& c = decls[name];
      CHECK(CsMatches((*it)[3], c.ret, true));
      std::vector<std::string> params = Split((*it)[4], ',');
      REQUIRE(params.size() == c.params.size());
      for (std::size_t i = 0; i < params.size(); ++i) {
        std::string type = WithoutName(params[i]);
        INFO("parameter " << i << ": " << type << " vs " << c.params[i]);
        if (callbacks.count(c.params[i]) == 1)
          CHECK(delegates.count(type) == 1);  // a delegate of this class, so of this convention
        else
          CHECK(CsMatches(type, c.params[i], false, name));
      }
    }
  }
  // Nothing declared outside the two classes, and each entry point in both.
  std::size_t all = 0;
  for (auto at = cs.find("[DllImport("); at != std::string::npos; at = cs.find("[DllImport(", at + 1)) ++all;
  CHECK(all == inClasses);
  CHECK(entries["StdCall"] == entries["Cdecl"]);
  for (const char* name : kInbound) {
    INFO(name);
    CHECK(entries["Cdecl"].count(name) == 1);
  }
}

TEST_CASE("Delphi: every external matches the header, stdcall on Windows and cdecl elsewhere", "[shims]") {
  auto decls = HeaderDecls();
  auto callbacks = HeaderCallbacks();
  std::string pas = Read("bindings/delphi/OneTrans.pas");
  const std::string convention = R"(\{\$IFDEF MSWINDOWS\}stdcall;\{\$ELSE\}cdecl;\{\$ENDIF\})";
  // The callback type: a procedure of the header's parameters, in the exports' convention.
  std::regex callbackType(R"((\w+)\s*=\s*(procedure|function)\s*\(([^)]*)\)\s*(?::\s*(\w+))?\s*;\s*)" + convention);
  std::map<std::string, std::string> pasCallbacks;  // Pascal type -> C typedef
  for (auto it = std::sregex_iterator(pas.begin(), pas.end(), callbackType); it != std::sregex_iterator(); ++it) {
    INFO("type " << (*it)[1]);
    const CDecl& c = callbacks["OneTransHandler"];
    CHECK(((*it)[2] == "procedure") == (c.ret == "void"));
    std::vector<std::string> params = PasParamTypes((*it)[3]);
    REQUIRE(params.size() == c.params.size());
    for (std::size_t i = 0; i < params.size(); ++i) CHECK(PasMatches(params[i], c.params[i]));
    pasCallbacks[(*it)[1]] = "OneTransHandler";
  }
  CHECK(pasCallbacks.size() == 1);
  std::regex external(R"((function|procedure)\s+(\w+)\s*(?:\(([^)]*)\))?\s*(?::\s*(\w+))?\s*;\s*)" + convention +
                      R"(\s*external\s+OneTransLib\s+name\s+'(\w+)'\s*;)");
  std::set<std::string> seen;
  for (auto it = std::sregex_iterator(pas.begin(), pas.end(), external); it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[5];
    INFO(name);
    REQUIRE(decls.count(name) == 1);
    seen.insert(name);
    const CDecl& c = decls[name];
    if (c.ret == "void")
      CHECK((*it)[1] == "procedure");
    else
      CHECK(((*it)[1] == "function" && PasMatches((*it)[4], c.ret)));
    std::vector<std::string> params = PasParamTypes((*it)[3]);
    REQUIRE(params.size() == c.params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      INFO("parameter " << i << ": " << params[i] << " vs " << c.params[i]);
      if (callbacks.count(c.params[i]) == 1)
        CHECK(pasCallbacks[params[i]] == c.params[i]);
      else
        CHECK(PasMatches(params[i], c.params[i]));
    }
  }
  // Every external was matched above: none without the convention directive.
  std::size_t all = 0;
  for (auto at = pas.find("external OneTransLib"); at != std::string::npos; at = pas.find("external OneTransLib", at + 1)) ++all;
  CHECK(all == seen.size());
  for (const char* name : kInbound) {
    INFO(name);
    CHECK(seen.count(name) == 1);
  }
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
  std::string jni = Read("bindings/java/onetrans_jni.c");
  for (const char* name : kInbound) {
    INFO(name);
    CHECK(jni.find(std::string(name) + "(") != std::string::npos);
  }
}
