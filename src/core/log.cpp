#include "core/log.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>

#include "core/json.h"
#include "core/paths.h"

namespace onetrans {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::string KeepEnds(std::string_view v, std::size_t head, std::size_t tail) {
  if (v.size() <= head + tail) return std::string(v.size(), '*');
  return std::string(v.substr(0, head)) + std::string(v.size() - head - tail, '*') + std::string(v.substr(v.size() - tail));
}

// Long string fields that are payload, not information (images, files): their size is enough.
bool IsBulk(std::string_view name, const json::Value& v) {
  return v.IsString() && v.GetStringLength() > 256 && (name == "imageBase64" || name == "file" || name == "encData");
}

void MaskTree(json::Value& v, json::Allocator& a, const MaskPolicy& policy) {
  if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      std::string_view name(it->name.GetString(), it->name.GetStringLength());
      Sensitive kind = policy.KindOf(name);
      if (kind != Sensitive::None && !it->value.IsObject() && !it->value.IsArray()) {
        std::string text;
        json::ScalarText(it->value, &text);
        std::string masked = it->value.IsNull() ? "" : MaskValue(kind, text);
        it->value.SetString(masked.c_str(), static_cast<rapidjson::SizeType>(masked.size()), a);
      } else if (IsBulk(name, it->value)) {
        std::string note = "<" + std::to_string(it->value.GetStringLength()) + " bytes omitted>";
        it->value.SetString(note.c_str(), static_cast<rapidjson::SizeType>(note.size()), a);
      } else {
        MaskTree(it->value, a, policy);
      }
    }
  } else if (v.IsArray()) {
    for (auto& e : v.GetArray()) MaskTree(e, a, policy);
  }
}

spdlog::level::level_enum Level(const std::string& s) {
  if (s == "off") return spdlog::level::off;
  if (s == "error") return spdlog::level::err;
  if (s == "warn") return spdlog::level::warn;
  if (s == "debug") return spdlog::level::debug;
  return spdlog::level::info;
}

// An 18-character mainland ID number (17 digits and a check character) or an 11-digit mobile
// number standing alone: not inside a longer run of letters and digits (a platformSeqId's
// 14-digit timestamp followed by random characters is not one).
std::size_t IdOrMobileAt(std::string_view t, std::size_t i) {
  if (i > 0 && IsAlnum(t[i - 1])) return 0;
  std::size_t n = 0;
  while (i + n < t.size() && IsDigit(t[i + n])) ++n;
  auto alone = [&](std::size_t len) { return i + len == t.size() || !IsAlnum(t[i + len]); };
  if (n == 18 && alone(18)) return 18;
  if (n == 17 && i + 17 < t.size() && (t[i + 17] == 'X' || t[i + 17] == 'x') && alone(18)) return 18;
  if (n == 11 && t[i] == '1' && t[i + 1] >= '3' && t[i + 1] <= '9' && alone(11)) return 11;
  return 0;
}

}  // namespace

Sensitive MaskPolicy::KindOf(std::string_view field) const {
  auto it = fields.find(field);
  return it == fields.end() ? Sensitive::None : it->second;
}

std::string MaskValue(Sensitive kind, std::string_view value) {
  switch (kind) {
    case Sensitive::Secret: return "******";
    case Sensitive::IdNumber: return KeepEnds(value, 4, 4);
    case Sensitive::Phone: return KeepEnds(value, 3, 4);
    case Sensitive::Card: return KeepEnds(value, 4, 4);
    case Sensitive::Address: {
      std::size_t keep = 0, chars = 0;  // the first few characters (the city), by character
      while (keep < value.size() && chars < 6) {
        ++keep;
        while (keep < value.size() && (static_cast<unsigned char>(value[keep]) & 0xC0) == 0x80) ++keep;
        ++chars;
      }
      return std::string(value.substr(0, keep)) + "***";
    }
    case Sensitive::Name: {
      // Keep the first character (a surname is not identifying on its own).
      std::size_t first = value.empty() ? 0 : 1;
      while (first < value.size() && (static_cast<unsigned char>(value[first]) & 0xC0) == 0x80) ++first;
      return std::string(value.substr(0, first)) + "**";
    }
    case Sensitive::None: break;
  }
  return std::string(value);
}

std::string MaskJson(std::string_view text, const MaskPolicy& policy) {
  json::Document doc;
  json::Limits limits;
  limits.rejectDuplicateKeys = false;
  if (!json::Parse(text, &doc, limits).ok()) return "<" + std::to_string(text.size()) + " bytes, not JSON: withheld>";
  MaskTree(doc, doc.GetAllocator(), policy);
  return Scrub(json::Serialize(doc), policy);
}

std::string Scrub(std::string_view text, const MaskPolicy& policy) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (IsDigit(text[i])) {
      std::size_t n = IdOrMobileAt(text, i);
      if (n != 0) {
        out += MaskValue(n == 18 ? Sensitive::IdNumber : Sensitive::Phone, text.substr(i, n));
        i += n;
        continue;
      }
      while (i < text.size() && IsDigit(text[i])) out += text[i++];  // the rest of this run of digits
      continue;
    }
    out += text[i++];
  }
  for (const std::string& secret : policy.secrets) {
    if (secret.empty()) continue;
    for (std::size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 6))
      out.replace(at, secret.size(), "******");
  }
  return out;
}

Logger::Logger(const LogConfig& cfg, MaskPolicy policy) : policy_(std::move(policy)) {
  if (cfg.dir.empty() || cfg.level == "off") return;
  static std::atomic<int> counter{0};
  try {
    std::string dir = BesideLibrary(cfg.dir);
    if (dir.back() != '/' && dir.back() != '\\') dir += '/';
    auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(dir + "onetrans.log", cfg.maxFileBytes, cfg.maxFiles);
    log_ = std::make_shared<spdlog::logger>("onetrans-" + std::to_string(counter++), sink);
    log_->set_level(Level(cfg.level));
    log_->set_pattern("%Y-%m-%d %H:%M:%S.%e %l [%t] %v");
    log_->flush_on(spdlog::level::info);
  } catch (const std::exception&) {
    log_.reset();  // an unwritable log directory must not stop payments
  }
}

Logger::~Logger() = default;

void Logger::Write(int level, std::string_view line) {
  if (!log_ || !log_->should_log(static_cast<spdlog::level::level_enum>(level))) return;
  try {
    log_->log(static_cast<spdlog::level::level_enum>(level), "{}", Scrub(line, policy_));
  } catch (...) {
    // a full disk or a broken sink must not stop payments
  }
}

void Logger::Call(const CallRecord& r) {
  if (!log_) return;
  Write(spdlog::level::info, "call platform=" + r.platform + " api=" + r.api + " seq=" + r.seqId + " ms=" +
                                 std::to_string(r.durationMs) + " return=" + r.returnCode +
                                 " rtCode=" + (r.rtCode.empty() ? "-" : r.rtCode));
}

void Logger::Info(std::string_view message) { Write(spdlog::level::info, message); }

void Logger::Warn(std::string_view message) { Write(spdlog::level::warn, message); }

bool Logger::debugEnabled() const { return log_ && log_->should_log(spdlog::level::debug); }

void Logger::Body(std::string_view label, std::string_view json) {
  if (!debugEnabled()) return;
  Write(spdlog::level::debug, std::string(label) + " " + MaskJson(json, policy_));
}

}  // namespace onetrans
