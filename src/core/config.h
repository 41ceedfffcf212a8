// Configuration: INI ([qingyuan] [amp] [transport] [abi] [log]) or the same keys as JSON.
// Search order (PROTOCOL.md §1): explicit path / inline JSON, env ONETRANS_CONFIG,
// OneTrans.ini / onetrans.json beside the library, then the working directory.
#pragma once
#include <cstddef>
#include <map>
#include <string>

#include "core/paths.h"
#include "core/status.h"

namespace onetrans {

struct QingyuanConfig {
  std::string serverAddr, platformId, key, version = "1.0.0";
};

struct AmpConfig {
  std::string serverAddr, appId, appKey, orgId;
  std::string keyDerivation = "hsa";  // hsa | prefix
  std::string profile = "hsa";
};

struct TransportConfig {
  long connectTimeoutMs = 6000;
  long readTimeoutMs = 30000;
  std::string proxy;
  std::string caBundle;
  bool verifyTls = true;
  std::size_t maxResponseBytes = 64u << 20;
  std::size_t queryRetries = 2;  // extra attempts for query calls only; money-moving calls: never
  long retryBackoffMs = 300;      // first wait; doubles each attempt
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
};

struct Config {
  QingyuanConfig qingyuan;
  AmpConfig amp;
  TransportConfig transport;
  AbiConfig abi;
  LogConfig log;
  JournalConfig journal;
  std::string source = "defaults";  // where the values came from, for messages
};

// Flat "section.key" -> value pairs, the common form of INI and JSON configuration.
using ConfigValues = std::map<std::string, std::string>;

Status ParseIni(const std::string& text, ConfigValues* out);
Status ParseJsonConfig(const std::string& text, ConfigValues* out);
// Applies values over the defaults; unknown keys and malformed numbers are errors naming the key.
Status Apply(const ConfigValues& values, Config* cfg);

// spec: a file path (.ini or .json), inline JSON ("{...}"), or null/empty for the default search.
Result<Config> LoadConfig(const char* spec);

// The journal file a configuration names (journal.path, else beside the library).
std::string JournalPath(const Config& cfg, const void* libraryAddress = nullptr);

}  // namespace onetrans
