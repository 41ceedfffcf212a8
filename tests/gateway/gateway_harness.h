// A real gateway on 127.0.0.1 (through the public C ABI, OneTrans_GatewayStart), a test HIS
// behind it (the in-process callback, answering each API with its fixture response and
// misbehaving on demand), and the platforms played by tests/support/platform_client.h.
#pragma once
#include <map>
#include <mutex>
#include <string>

#include "onetrans/onetrans.h"

namespace onetrans::test {

inline constexpr const char* kGwPlatformId = "QY000001";
inline constexpr const char* kGwKey = "A1B2C3D4E5F60718293A4B5C6D7E8F90";
inline constexpr const char* kGwYztSecret = "YZTSECRET12345";
inline constexpr const char* kGwAmpToken = "AMPTOKEN1234567";
inline constexpr const char* kGwMpayToken = "MPAYTOKEN123456";

// What the test HIS does for one API.
enum class HisMode { Normal, Slow, Invalid, Silent, BusinessFailure };

class TestHis {
 public:
  static TestHis& Get();
  void Reset();
  void Set(const std::string& api, HisMode mode);
  int calls(const std::string& api);
  std::string lastRequest(const std::string& api);
  // The callback body: the reply to give (empty: none).
  std::string Answer(const std::string& request);

 private:
  std::mutex mu_;
  std::map<std::string, int> calls_;
  std::map<std::string, HisMode> modes_;
  std::map<std::string, std::string> last_;
};

void ONETRANS_CALL HisCallback(void* user, const char* request, void* reply);

// The gateway's configuration (JSON): every route, the test keys, its own journal file.
// `gatewayExtra`: more members of the "gateway" section; `routeExtra`: per route, more members.
std::string GatewayConfig(const std::string& journal, const std::string& gatewayExtra = "",
                          const std::map<std::string, std::string>& routeHandlers = {});

class GatewayHarness {
 public:
  // A fresh journal unless one is given (a restart keeps it).
  explicit GatewayHarness(const std::string& gatewayExtra = R"("handlerTimeoutMs":1500)", std::string journal = "",
                          const std::map<std::string, std::string>& routeHandlers = {});
  ~GatewayHarness();
  const std::string& base() const { return base_; }
  const std::string& journal() const { return journal_; }
  void Stop();

 private:
  std::string base_, journal_;
  bool running_ = false;
};

// One call as the platform makes it and the answer as the platform reads it.
struct PlatformAnswer {
  int http = 0;
  std::string code;      // rtCode / ret_code / retCode / CODE
  std::string message;
  std::string data;      // the business answer (JSON), "" when there is none
  std::string raw;
  bool verified = true;  // Qingyuan / 一帐通: the reply's signature checks out
};

struct SendOptions {
  std::string token;          // amp / mpay: X-OneTrans-Token ("" = the right one, "-" = none)
  std::string seqId, date, time;  // Qingyuan envelope overrides
  std::string platformId, key;    // Qingyuan: another caller
  bool tamperEncData = false, tamperSign = false;
};

PlatformAnswer Send(const std::string& base, const std::string& api, const std::string& data, const SendOptions& opts = {});

// Parsed JSON texts compare equal (member order aside).
bool SameJson(const std::string& a, const std::string& b);

}  // namespace onetrans::test
