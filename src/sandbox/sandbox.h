// A local simulator of the platforms (PROTOCOL.md §7): real HTTP(S) on 127.0.0.1, strict
// verification of every request, realistic state, signed and encrypted answers.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "caller/caller.h"
#include "core/config.h"
#include "core/status.h"
#include "server/server.h"

namespace onetrans::sandbox {

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;                  // 0: any free port
  std::string tlsCert, tlsKey;   // both set: HTTPS
  QingyuanConfig qingyuan;       // platformId / key the sandbox accepts (defaults if empty)
  AmpConfig amp;                 // appId / appKey / orgId / keyDerivation (defaults if empty)
  std::string ampOrgSecret;      // what getTradeFile's orgSecret must be (default below)
  long clockWindowSeconds = 300; // request time tolerance, as the platforms' 5 minutes
  long billUrlTtlSeconds = 60;   // AMP bill download URLs expire, as the seed says
  long refundSettleMs = 300;     // an AMP refund stays ING this long before SUCCESS
  server::Limits limits;         // against hostile clients, as the gateway
  // [sandbox] hospitalUrl: the hospital's gateway the sandbox calls as the platforms do, with
  // the credentials of the same INI (caller::FromConfig). Empty: it calls nobody.
  std::string hospitalUrl;
  caller::Credentials hospital;
};
// Options from a configuration: the platforms' credentials and [sandbox] keys (hospitalUrl).
// Unknown [sandbox] keys are an error naming them.
Result<Options> OptionsFrom(const Config& cfg);

// The sandbox's default credentials, used when the config has none.
inline constexpr const char* kDefaultPlatformId = "QY000001";
inline constexpr const char* kDefaultKey = "A1B2C3D4E5F60718293A4B5C6D7E8F90";
// The AMP credentials of seed 001's own DLL sample.
inline constexpr const char* kDefaultAppId = "1FM99V9JP0009A23A8C00000D445BA03";
inline constexpr const char* kDefaultAppKey = "1FM99V9JM00N9A23A8C000003F4B7C32";
inline constexpr const char* kDefaultOrgId = "35020311234";
inline constexpr const char* kDefaultOrgSecret = "OTSANDBOXSECRET1";

// Misbehaviours the sandbox can be told to show for the next requests of one API
// (POST /sandbox/faults {"api":"HOS00003","mode":"slow","count":1,"delayMs":1500}).
enum class Fault {
  None,
  DropBeforeRead,  // the connection dies; nothing is processed
  DropAfterRead,   // processed, then the connection dies before the answer
  Slow,            // processed, answered after delayMs
  Http500,         // nothing processed, HTTP 500
  NonJson,         // nothing processed, an HTML error page
  BadSignature,    // processed, answer's signData corrupted
  BadEncData,      // processed, answer's encData corrupted
  DuplicateSeq,    // Qingyuan: refused as a duplicate platformSeqId (4008), nothing processed
};
bool ParseFault(const std::string& name, Fault* out);

class QingyuanSim;
class AmpSim;
class HospitalCaller;

class Sandbox {
 public:
  explicit Sandbox(Options opts);
  ~Sandbox();
  Status Start();  // returns once listening
  void Stop();
  int port() const { return port_; }
  std::string baseUrl() const;
  std::string qingyuanUrl() const { return baseUrl() + "/qingyuan/gateway"; }
  std::string ampUrl() const { return baseUrl() + "/api/amp/hos"; }
  const Options& options() const { return opts_; }
  // Requests that reached a gateway, per transCode / AMP API id ("*" for all), faulted or not.
  long requests(const std::string& api = "*") const;
  void InjectFault(const std::string& api, Fault fault, int count = 1, long delayMs = 1500);
  server::Stats serverStats() const { return server_->stats(); }
  // Calls into the hospital: flows queued or running, and GET /sandbox/inbound's JSON.
  std::size_t inboundPending() const;
  // [sandbox] hospitalUrl after Start (the demo starts its gateway once the sandbox listens).
  void SetHospitalUrl(const std::string& url);
  std::string inboundJson() const;
  void ClearFaults();
  struct Pending {
    Fault fault;
    int count;
    long delayMs;
  };

 private:
  Options opts_;
  std::unique_ptr<server::Server> server_;
  std::unique_ptr<HospitalCaller> hospital_;
  std::unique_ptr<QingyuanSim> qingyuan_;
  std::unique_ptr<AmpSim> amp_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::map<std::string, Pending> faults_;
  std::map<std::string, long> arrivals_;
  Pending Arrive(const std::string& api);
};

}  // namespace onetrans::sandbox
