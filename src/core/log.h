// One line per call (time, platform, API, seq id, duration, return code, rtCode) into rotating
// files; bodies only at debug level. Nothing secret and nothing personal is written in clear:
// fields are masked by what the catalog says they hold (MaskPolicy, built from every
// platform's `pii` / `secret` flags), and every line is scrubbed by value as well — an
// 18-character ID number, an 11-digit mobile number or a configured secret is masked wherever
// it appears (inside a URL, an error message, a field the catalog does not know).
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

namespace spdlog { class logger; }

namespace onetrans {

enum class Sensitive { None, Secret, IdNumber, Name, Phone, Card, Address };

// Which fields hold what, by field name (the union over all catalogs and directions).
struct MaskPolicy {
  std::map<std::string, Sensitive, std::less<>> fields;
  std::vector<std::string> secrets;  // configured values never to be written (keys, tokens, passwords)
  Sensitive KindOf(std::string_view field) const;
};

struct CallRecord {
  std::string platform, api, seqId, returnCode, rtCode;
  long long durationMs = 0;
};

class Logger {
 public:
  Logger(const LogConfig& cfg, MaskPolicy policy);
  ~Logger();
  void Call(const CallRecord& r);
  void Info(std::string_view message);
  void Warn(std::string_view message);
  bool debugEnabled() const;
  // Logs a JSON body at debug level, masked.
  void Body(std::string_view label, std::string_view json);
  const MaskPolicy& policy() const { return policy_; }

 private:
  void Write(int level, std::string_view line);
  std::shared_ptr<spdlog::logger> log_;
  MaskPolicy policy_;
};

// Masks one value by the kind of personal data it is.
std::string MaskValue(Sensitive kind, std::string_view value);
// A copy of a JSON text with every sensitive field masked (unparsable text is withheld).
std::string MaskJson(std::string_view json, const MaskPolicy& policy);
// Masks, anywhere in free text, ID numbers, mobile numbers and the policy's secrets.
std::string Scrub(std::string_view text, const MaskPolicy& policy);

}  // namespace onetrans
