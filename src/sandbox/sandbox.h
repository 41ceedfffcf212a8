// A local simulator of the platforms (PROTOCOL.md §7): real HTTP(S) on 127.0.0.1, strict
// verification of every request, realistic state, signed and encrypted answers.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/config.h"
#include "core/status.h"

namespace httplib { class Server; }

namespace onetrans::sandbox {

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;                  // 0: any free port
  std::string tlsCert, tlsKey;   // both set: HTTPS
  QingyuanConfig qingyuan;       // platformId / key the sandbox accepts (defaults if empty)
  long clockWindowSeconds = 300; // platformTransDate/Time tolerance, as the platform's 5 minutes
};

// The sandbox's default credentials, used when the config has none.
inline constexpr const char* kDefaultPlatformId = "QY000001";
inline constexpr const char* kDefaultKey = "A1B2C3D4E5F60718293A4B5C6D7E8F90";

class QingyuanSim;

class Sandbox {
 public:
  explicit Sandbox(Options opts);
  ~Sandbox();
  Status Start();  // returns once listening
  void Stop();
  int port() const { return port_; }
  std::string baseUrl() const;
  std::string qingyuanUrl() const { return baseUrl() + "/qingyuan/gateway"; }
  const Options& options() const { return opts_; }
  // Requests that reached a gateway, per transCode ("*" for all).
  long requests(const std::string& api = "*") const;

 private:
  Options opts_;
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<QingyuanSim> qingyuan_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace onetrans::sandbox
