#include "core/config.h"

#include <ini.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/json.h"

namespace onetrans {
namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  *out = ss.str();
  return true;
}

bool ParseLong(const std::string& s, long* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (*end != '\0' || v < 0) return false;
  *out = v;
  return true;
}

bool ParseBool(const std::string& s, bool* out) {
  if (s == "true" || s == "1" || s == "yes" || s == "on") { *out = true; return true; }
  if (s == "false" || s == "0" || s == "no" || s == "off") { *out = false; return true; }
  return false;
}

using Setter = std::function<bool(Config&, const std::string&)>;


template <typename S>
Setter StrField(S Config::*sec, std::string S::*field) {
  return [=](Config& c, const std::string& v) { (c.*sec).*field = v; return true; };
}
template <typename S, typename N>
Setter NumField(S Config::*sec, N S::*field) {
  return [=](Config& c, const std::string& v) {
    long n = 0;
    if (!ParseLong(v, &n)) return false;
    (c.*sec).*field = static_cast<N>(n);
    return true;
  };
}
template <typename S>
Setter BoolField(S Config::*sec, bool S::*field) {
  return [=](Config& c, const std::string& v) { return ParseBool(v, &((c.*sec).*field)); };
}

const std::map<std::string, Setter>& Setters() {
  static const std::map<std::string, Setter> m = {
      {"qingyuan.serverAddr", StrField(&Config::qingyuan, &QingyuanConfig::serverAddr)},
      {"qingyuan.platformId", StrField(&Config::qingyuan, &QingyuanConfig::platformId)},
      {"qingyuan.key", StrField(&Config::qingyuan, &QingyuanConfig::key)},
      {"qingyuan.version", StrField(&Config::qingyuan, &QingyuanConfig::version)},
      {"amp.serverAddr", StrField(&Config::amp, &AmpConfig::serverAddr)},
      {"amp.appId", StrField(&Config::amp, &AmpConfig::appId)},
      {"amp.appKey", StrField(&Config::amp, &AmpConfig::appKey)},
      {"amp.orgId", StrField(&Config::amp, &AmpConfig::orgId)},
      {"amp.keyDerivation", StrField(&Config::amp, &AmpConfig::keyDerivation)},
      {"amp.profile", StrField(&Config::amp, &AmpConfig::profile)},
      {"transport.connectTimeoutMs", NumField(&Config::transport, &TransportConfig::connectTimeoutMs)},
      {"transport.readTimeoutMs", NumField(&Config::transport, &TransportConfig::readTimeoutMs)},
      {"transport.proxy", StrField(&Config::transport, &TransportConfig::proxy)},
      {"transport.caBundle", StrField(&Config::transport, &TransportConfig::caBundle)},
      {"transport.verifyTls", BoolField(&Config::transport, &TransportConfig::verifyTls)},
      {"transport.maxResponseBytes", NumField(&Config::transport, &TransportConfig::maxResponseBytes)},
      {"transport.queryRetries", NumField(&Config::transport, &TransportConfig::queryRetries)},
      {"transport.retryBackoffMs", NumField(&Config::transport, &TransportConfig::retryBackoffMs)},
      {"abi.outBufferSize", NumField(&Config::abi, &AbiConfig::outBufferSize)},
      {"abi.charset", StrField(&Config::abi, &AbiConfig::charset)},
      {"abi.maxRequestBytes", NumField(&Config::abi, &AbiConfig::maxRequestBytes)},
      {"abi.maxJsonDepth", NumField(&Config::abi, &AbiConfig::maxJsonDepth)},
      {"log.level", StrField(&Config::log, &LogConfig::level)},
      {"log.dir", StrField(&Config::log, &LogConfig::dir)},
      {"log.maxFileBytes", NumField(&Config::log, &LogConfig::maxFileBytes)},
      {"log.maxFiles", NumField(&Config::log, &LogConfig::maxFiles)},
      {"journal.enabled", BoolField(&Config::journal, &JournalConfig::enabled)},
      {"journal.path", StrField(&Config::journal, &JournalConfig::path)},
  };
  return m;
}

int IniHandler(void* user, const char* section, const char* name, const char* value) {
  auto* out = static_cast<ConfigValues*>(user);
  (*out)[std::string(section) + "." + name] = value;
  return 1;
}

Result<Config> FromText(const std::string& text, bool isJson, const std::string& source) {
  ConfigValues values;
  Status st = isJson ? ParseJsonConfig(text, &values) : ParseIni(text, &values);
  if (!st.ok()) return Status::Fail(rc::kInvalidInput, source + "：" + st.message);
  Config cfg;
  st = Apply(values, &cfg);
  if (!st.ok()) return Status::Fail(rc::kInvalidInput, source + "：" + st.message);
  cfg.source = source;
  return cfg;
}

bool EndsWith(const std::string& s, const char* suffix) {
  std::string x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

Result<Config> FromFile(const std::string& path) {
  std::string text;
  if (!ReadFile(path, &text)) return Status::Fail(rc::kInvalidInput, "无法读取配置文件 " + path);
  bool isJson = EndsWith(path, ".json") || (!text.empty() && text.find_first_not_of(" \t\r\n") != std::string::npos &&
                                            text[text.find_first_not_of(" \t\r\n")] == '{');
  return FromText(text, isJson, path);
}

bool Exists(const std::string& path) {
  std::ifstream f(path);
  return static_cast<bool>(f);
}

}  // namespace

Status ParseIni(const std::string& text, ConfigValues* out) {
  // Hosts edit the INI in Notepad: tolerate a UTF-8 byte-order mark.
  std::string body = text.rfind("\xEF\xBB\xBF", 0) == 0 ? text.substr(3) : text;
  int line = ini_parse_string(body.c_str(), IniHandler, out);
  if (line != 0) return Status::Fail(rc::kInvalidInput, "INI 第 " + std::to_string(line) + " 行格式错误");
  return Status::Ok();
}

Status ParseJsonConfig(const std::string& text, ConfigValues* out) {
  json::Document doc;
  Status st = json::Parse(text, &doc);
  if (!st.ok()) return st;
  if (!doc.IsObject()) return Status::Fail(rc::kInvalidInput, "配置应为JSON对象");
  for (auto sec = doc.MemberBegin(); sec != doc.MemberEnd(); ++sec) {
    if (!sec->value.IsObject()) return Status::Fail(rc::kInvalidInput, std::string("配置节 ") + sec->name.GetString() + " 应为对象");
    for (auto kv = sec->value.MemberBegin(); kv != sec->value.MemberEnd(); ++kv) {
      std::string text_value;
      if (!json::ScalarText(kv->value, &text_value))
        return Status::Fail(rc::kInvalidInput, std::string("配置项 ") + sec->name.GetString() + "." + kv->name.GetString() + " 应为字符串、数字或布尔值");
      (*out)[std::string(sec->name.GetString()) + "." + kv->name.GetString()] = text_value;
    }
  }
  return Status::Ok();
}

Status Apply(const ConfigValues& values, Config* cfg) {
  const auto& setters = Setters();
  for (const auto& [key, value] : values) {
    auto it = setters.find(key);
    if (it == setters.end()) {
      if (key.rfind("sandbox.", 0) == 0) continue;  // read by the sandbox, not the library
      return Status::Fail(rc::kInvalidInput, "未知的配置项 " + key);
    }
    if (!it->second(*cfg, value)) return Status::Fail(rc::kInvalidInput, "配置项 " + key + " 的值无效：" + value);
  }
  if (cfg->abi.charset != "UTF-8" && cfg->abi.charset != "GBK")
    return Status::Fail(rc::kInvalidInput, "配置项 abi.charset 只能是 UTF-8 或 GBK");
  if (cfg->abi.outBufferSize < 64) return Status::Fail(rc::kInvalidInput, "配置项 abi.outBufferSize 不能小于64");
  if (cfg->amp.keyDerivation != "hsa" && cfg->amp.keyDerivation != "prefix")
    return Status::Fail(rc::kInvalidInput, "配置项 amp.keyDerivation 只能是 hsa 或 prefix");
  return Status::Ok();
}

std::string JournalPath(const Config& cfg, const void* libraryAddress) {
  return cfg.journal.path.empty() ? LibraryDirectory(libraryAddress) + "onetrans-journal.db" : BesideLibrary(cfg.journal.path);
}

Result<Config> LoadConfig(const char* spec) {
  if (spec != nullptr && *spec != '\0') {
    std::string s(spec);
    auto first = s.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && s[first] == '{') return FromText(s, true, "inline JSON");
    return FromFile(s);
  }
  if (const char* env = std::getenv("ONETRANS_CONFIG"); env != nullptr && *env != '\0') return FromFile(env);
  for (const std::string& dir : {LibraryDirectory(), std::string()}) {
    for (const char* name : {"OneTrans.ini", "onetrans.json"}) {
      std::string path = dir + name;
      if (Exists(path)) return FromFile(path);
    }
  }
  return Config{};
}

}  // namespace onetrans
