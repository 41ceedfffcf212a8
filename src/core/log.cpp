#include "core/log.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <set>

#include "core/json.h"
#include "core/paths.h"

namespace onetrans {
namespace {

enum class Kind { None, Secret, IdNumber, Name, Phone, Card };

Kind KindOf(std::string_view field) {
  static const std::set<std::string_view> secrets = {"key", "appKey", "appSecret", "signToken", "accessKey", "password"};
  static const std::set<std::string_view> ids = {"idNo", "certno", "documentsNo", "psn_cert_no", "certNo", "idCard",
                                                 "用户证件号", "身份证号"};
  static const std::set<std::string_view> names = {"userName", "name", "patientName", "psnName", "psn_name", "custName", "姓名"};
  static const std::set<std::string_view> phones = {"mobile", "tel", "phone", "phoneNumber"};
  static const std::set<std::string_view> cards = {"socialSecurityNo", "cardNo", "bankCardNo", "miacc_no"};
  if (secrets.count(field)) return Kind::Secret;
  if (ids.count(field)) return Kind::IdNumber;
  if (names.count(field)) return Kind::Name;
  if (phones.count(field)) return Kind::Phone;
  if (cards.count(field)) return Kind::Card;
  return Kind::None;
}

std::string KeepEnds(std::string_view v, std::size_t head, std::size_t tail) {
  if (v.size() <= head + tail) return std::string(v.size(), '*');
  return std::string(v.substr(0, head)) + std::string(v.size() - head - tail, '*') + std::string(v.substr(v.size() - tail));
}

void MaskTree(json::Value& v, json::Allocator& a) {
  if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      std::string_view name(it->name.GetString(), it->name.GetStringLength());
      if (it->value.IsString() && KindOf(name) != Kind::None) {
        std::string masked = MaskValue(name, std::string_view(it->value.GetString(), it->value.GetStringLength()));
        it->value.SetString(masked.c_str(), static_cast<rapidjson::SizeType>(masked.size()), a);
      } else if (name == "imageBase64" || (name == "file" && it->value.IsString() && it->value.GetStringLength() > 256)) {
        it->value.SetString("<omitted>", a);
      } else {
        MaskTree(it->value, a);
      }
    }
  } else if (v.IsArray()) {
    for (auto& e : v.GetArray()) MaskTree(e, a);
  }
}

spdlog::level::level_enum Level(const std::string& s) {
  if (s == "off") return spdlog::level::off;
  if (s == "error") return spdlog::level::err;
  if (s == "warn") return spdlog::level::warn;
  if (s == "debug") return spdlog::level::debug;
  return spdlog::level::info;
}

}  // namespace

std::string MaskValue(std::string_view field, std::string_view value) {
  switch (KindOf(field)) {
    case Kind::Secret: return "******";
    case Kind::IdNumber: return KeepEnds(value, 4, 4);
    case Kind::Phone: return KeepEnds(value, 3, 4);
    case Kind::Card: return KeepEnds(value, 4, 4);
    case Kind::Name: {
      // Keep the first character (a surname is not identifying on its own).
      std::size_t first = 1;
      while (first < value.size() && (static_cast<unsigned char>(value[first]) & 0xC0) == 0x80) ++first;
      return std::string(value.substr(0, first)) + "**";
    }
    case Kind::None: break;
  }
  return std::string(value);
}

std::string MaskJson(std::string_view text) {
  json::Document doc;
  if (!json::Parse(text, &doc).ok()) return "<" + std::to_string(text.size()) + " bytes, not JSON: withheld>";
  MaskTree(doc, doc.GetAllocator());
  return json::Serialize(doc);
}

Logger::Logger(const LogConfig& cfg) {
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

void Logger::Call(const CallRecord& r) {
  if (!log_) return;
  log_->info("call platform={} api={} seq={} ms={} return={} rtCode={}", r.platform, r.api, r.seqId, r.durationMs,
             r.returnCode, r.rtCode.empty() ? "-" : r.rtCode);
}

void Logger::Warn(std::string_view message) {
  if (log_) log_->warn("{}", message);
}

bool Logger::debugEnabled() const { return log_ && log_->should_log(spdlog::level::debug); }

void Logger::Body(std::string_view label, std::string_view json) {
  if (!debugEnabled()) return;
  log_->debug("{} {}", label, MaskJson(json));
}

}  // namespace onetrans
