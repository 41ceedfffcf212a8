// One line per call (time, platform, transCode/API, seq id, duration, return code, rtCode)
// into rotating files; bodies only at debug level and masked. Keys never reach a log.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "core/config.h"

namespace spdlog { class logger; }

namespace onetrans {

struct CallRecord {
  std::string platform, api, seqId, returnCode, rtCode;
  long long durationMs = 0;
};

class Logger {
 public:
  explicit Logger(const LogConfig& cfg);
  ~Logger();
  void Call(const CallRecord& r);
  void Warn(std::string_view message);
  bool debugEnabled() const;
  // Logs a JSON body at debug level with personal data masked and secrets removed.
  void Body(std::string_view label, std::string_view json);

 private:
  std::shared_ptr<spdlog::logger> log_;
};

// Masks one value by the kind of personal data its field holds.
std::string MaskValue(std::string_view field, std::string_view value);
// A copy of a JSON text with every sensitive field masked (unparsable text is withheld).
std::string MaskJson(std::string_view json);

}  // namespace onetrans
