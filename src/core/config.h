// Configuration: INI ([qingyuan] [amp] [transport] [abi] [log] [journal] [bill] [gateway…])
// or the same keys as JSON. Search order (PROTOCOL.md §1): explicit path / inline JSON, env
// ONETRANS_CONFIG, OneTrans.ini / onetrans.json beside the library, then the working directory.
// Every numeric key has a documented range; a value outside it is an error naming the key.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/paths.h"
#include "core/status.h"

namespace onetrans {

struct QingyuanConfig {
  std::string serverAddr, platformId, key, version = "1.0.0";
  // [qingyuan.platforms] platformId = key: every platform that may call the hospital (inbound),
  // beside [qingyuan] platformId/key.
  std::map<std::string, std::string> platforms;
};

struct AmpConfig {
  std::string serverAddr, appId, appKey, orgId;
  std::string keyDerivation = "hsa";  // hsa | prefix
  std::string profile = "hsa";        // the wire profile of PROTOCOL §5; the only one there is
};

struct TransportConfig {
  long connectTimeoutMs = 6000;
  long readTimeoutMs = 30000;        // the whole exchange
  std::string proxy;                 // empty: never a proxy (environment ignored); "env": http(s)_proxy
  std::string caBundle;
  bool verifyTls = true;
  std::size_t maxResponseBytes = 64u << 20;
  std::size_t queryRetries = 2;  // extra attempts for query calls only; money-moving calls: never
  long retryBackoffMs = 300;     // first wait; doubles each attempt
};

struct AbiConfig {
  std::size_t outBufferSize = 8192;  // what MobileTrans may write, NUL included
  std::string charset = "UTF-8";     // UTF-8 | GBK
  std::size_t maxRequestBytes = 16u << 20;
  std::size_t maxJsonDepth = 64;
};

struct LogConfig {
  std::string level = "info";  // off | error | warn | info | debug
  std::string dir;             // empty: no log files
  std::size_t maxFileBytes = 10u << 20;
  std::size_t maxFiles = 5;
};

struct JournalConfig {
  bool enabled = true;
  std::string path;  // empty: onetrans-journal.db beside the library
  std::string odbc;  // an ODBC connection string: the journal lives in that shared database instead
};

struct BillConfig {
  std::size_t maxBytes = 64u << 20;  // uncompressed bytes read from one bill file
  std::size_t maxLineBytes = 64u << 10;
  std::size_t maxFields = 64;
};

// One platform's route into the hospital (PROTOCOL.md §9.5).
struct RouteConfig {
  std::string handler;    // http(s)://… | exec:<command line> | odbc:<connection string> | "" (callback)
  std::string allowFrom;  // comma-separated IPs / CIDRs, or "*"
  std::string token;      // required in X-OneTrans-Token when set
  std::string secret;     // 一帐通: the MD5 signing secret
  std::map<std::string, std::string> sql;  // [gateway.<route>.sql] <API id> = <statement>
};

struct GatewayConfig {
  std::string listen = "127.0.0.1:8088";
  std::string tlsCert, tlsKey;
  std::size_t maxBodyBytes = 16u << 20;
  long handlerTimeoutMs = 10000;
  long maxSkewS = 300;
  // Against hostile clients: connections, time to send a request head, body and idle time.
  std::size_t maxConnections = 1024;
  std::size_t workers = 16;
  long headerTimeoutMs = 10000;
  long bodyTimeoutMs = 60000;
  long writeTimeoutMs = 30000;
  long keepAliveTimeoutMs = 15000;
  std::size_t handlerPool = 8;  // ODBC connections kept per route
  std::map<std::string, RouteConfig> routes;  // qingyuan, amp, yzt, mpay
  std::map<std::string, std::string> paths;   // API id -> path suffix override (ORG_009 …)
};

struct Config {
  QingyuanConfig qingyuan;
  AmpConfig amp;
  TransportConfig transport;
  AbiConfig abi;
  LogConfig log;
  JournalConfig journal;
  BillConfig bill;
  GatewayConfig gateway;
  std::map<std::string, std::string> sandbox;  // [sandbox]: the simulator's own keys (it checks them)
  std::string source = "defaults";  // where the values came from, for messages
  // Values that must never reach a log (keys, secrets, tokens, connection-string passwords).
  std::vector<std::string> Secrets() const;
};

// Flat "section.key" -> value pairs, the common form of INI and JSON configuration.
using ConfigValues = std::map<std::string, std::string>;

Status ParseIni(const std::string& text, ConfigValues* out);
Status ParseJsonConfig(const std::string& text, ConfigValues* out);
// Applies values over the defaults; unknown keys, malformed numbers and numbers outside their
// range are errors naming the key and the range.
Status Apply(const ConfigValues& values, Config* cfg);

// What the C boundary needs even when the configuration is broken: the buffer size and the
// charset the host declared, so the error itself is delivered within the host's buffer.
struct HostDeclared {
  std::size_t outBufferSize = 8192;
  std::string charset = "UTF-8";
};

// spec: a file path (.ini or .json), inline JSON ("{...}"), or null/empty for the default
// search. On failure *declared (when given) receives what the host declared, as far as the
// broken text tells: a valid abi.outBufferSize / abi.charset, else the smallest safe values.
Result<Config> LoadConfig(const char* spec, HostDeclared* declared = nullptr);

// The journal file a configuration names (journal.path, else beside the library).
std::string JournalPath(const Config& cfg, const void* libraryAddress = nullptr);

// Config files are small text files: anything else (a directory, a FIFO, a device, more than
// this many bytes, NUL bytes) is refused before it is read.
inline constexpr std::size_t kMaxConfigBytes = 1u << 20;

}  // namespace onetrans
