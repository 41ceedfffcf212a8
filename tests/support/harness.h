// Integration harness: a sandbox on 127.0.0.1, the library initialised against it through
// the public C ABI, and helpers to call MobileTrans and read its answer.
#pragma once
#include <memory>
#include <string>

#include "core/json.h"
#include "sandbox/sandbox.h"
#include "support/text.h"

namespace onetrans::test {

struct Answer {
  std::string code;  // MobileTrans return value
  std::string text;  // output JSON
  json::Document out;
  int businessCode() const;
  std::string data(const char* field) const;
};

// Calls MobileTrans with a buffer of `cap` bytes (and checks nothing is written past it).
Answer Call(const std::string& request, std::size_t cap = 1 << 20);

// Starts a sandbox and points the library at it. extraConfig: more JSON sections, e.g.
// R"("transport":{"readTimeoutMs":500})" (without braces).
class SandboxHarness {
 public:
  explicit SandboxHarness(const std::string& extraConfig = "", sandbox::Options opts = {});
  ~SandboxHarness();
  sandbox::Sandbox& sandbox() { return *sb_; }
  std::string config(const std::string& serverAddr, const std::string& key, const std::string& extra) const;
  void Reinit(const std::string& serverAddr, const std::string& key, const std::string& extra = "") const;

 private:
  std::unique_ptr<sandbox::Sandbox> sb_;
  std::string journal_;
};

// Request builders for the common calls (hospital and city of the sandbox's examples).
std::string Req(const std::string& transCode, const std::string& dataFields);
// The signToken of 张三丰 (signed in the sandbox), from HOS00001; throws when the call fails.
std::string SignToken();
extern const char* const kHosp;

}  // namespace onetrans::test
