#include "core/config.h"

#include <ini.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>

#include "core/connection_string.h"
#include "core/file.h"
#include "core/json.h"

namespace onetrans {
namespace {

// A whole decimal number within [min, max]; no sign, no spaces, no overflow.
bool ParseRanged(const std::string& s, long long min, long long max, long long* out) {
  if (s.empty() || s.size() > 19) return false;
  long long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v < min || v > max) return false;
  *out = v;
  return true;
}

bool ParseBool(const std::string& s, bool* out) {
  if (s == "true" || s == "1" || s == "yes" || s == "on") { *out = true; return true; }
  if (s == "false" || s == "0" || s == "no" || s == "off") { *out = false; return true; }
  return false;
}

// Sets one key; false with *why when the value is refused.
using Setter = std::function<bool(Config&, const std::string&, std::string* why)>;

template <typename S>
Setter StrField(S Config::*sec, std::string S::*field) {
  return [=](Config& c, const std::string& v, std::string*) { (c.*sec).*field = v; return true; };
}

// A number with its unit and range, both named in the error.
template <typename S, typename N>
Setter NumField(S Config::*sec, N S::*field, long long min, long long max, const char* unit) {
  return [=](Config& c, const std::string& v, std::string* why) {
    long long n = 0;
    if (!ParseRanged(v, min, max, &n)) {
      *why = "应为 " + std::to_string(min) + " 至 " + std::to_string(max) + " 之间的整数（" + unit + "）";
      return false;
    }
    (c.*sec).*field = static_cast<N>(n);
    return true;
  };
}

template <typename S>
Setter BoolField(S Config::*sec, bool S::*field) {
  return [=](Config& c, const std::string& v, std::string* why) {
    if (ParseBool(v, &((c.*sec).*field))) return true;
    *why = "应为 true 或 false";
    return false;
  };
}

constexpr long long kMiB = 1 << 20;
// int: MobileTransEx reports sizes as int, so no size may exceed what an int holds.
constexpr long long kIntMax = std::numeric_limits<int>::max();

const std::map<std::string, Setter>& Setters() {
  using C = Config;
  static const std::map<std::string, Setter> m = {
      {"qingyuan.serverAddr", StrField(&C::qingyuan, &QingyuanConfig::serverAddr)},
      {"qingyuan.platformId", StrField(&C::qingyuan, &QingyuanConfig::platformId)},
      {"qingyuan.key", StrField(&C::qingyuan, &QingyuanConfig::key)},
      {"qingyuan.version", StrField(&C::qingyuan, &QingyuanConfig::version)},
      {"amp.serverAddr", StrField(&C::amp, &AmpConfig::serverAddr)},
      {"amp.appId", StrField(&C::amp, &AmpConfig::appId)},
      {"amp.appKey", StrField(&C::amp, &AmpConfig::appKey)},
      {"amp.orgId", StrField(&C::amp, &AmpConfig::orgId)},
      {"amp.keyDerivation", StrField(&C::amp, &AmpConfig::keyDerivation)},
      {"amp.profile", StrField(&C::amp, &AmpConfig::profile)},
      {"transport.connectTimeoutMs", NumField(&C::transport, &TransportConfig::connectTimeoutMs, 100, 600000, "毫秒")},
      {"transport.readTimeoutMs", NumField(&C::transport, &TransportConfig::readTimeoutMs, 100, 3600000, "毫秒")},
      {"transport.proxy", StrField(&C::transport, &TransportConfig::proxy)},
      {"transport.caBundle", StrField(&C::transport, &TransportConfig::caBundle)},
      {"transport.verifyTls", BoolField(&C::transport, &TransportConfig::verifyTls)},
      {"transport.maxResponseBytes", NumField(&C::transport, &TransportConfig::maxResponseBytes, 1024, 1024 * kMiB, "字节")},
      {"transport.queryRetries", NumField(&C::transport, &TransportConfig::queryRetries, 0, 10, "次")},
      {"transport.retryBackoffMs", NumField(&C::transport, &TransportConfig::retryBackoffMs, 0, 60000, "毫秒")},
      {"abi.outBufferSize", NumField(&C::abi, &AbiConfig::outBufferSize, 64, kIntMax, "字节")},
      {"abi.charset", StrField(&C::abi, &AbiConfig::charset)},
      {"abi.maxRequestBytes", NumField(&C::abi, &AbiConfig::maxRequestBytes, 1024, 1024 * kMiB, "字节")},
      {"abi.maxJsonDepth", NumField(&C::abi, &AbiConfig::maxJsonDepth, 4, 1000, "层")},
      {"log.level", StrField(&C::log, &LogConfig::level)},
      {"log.dir", StrField(&C::log, &LogConfig::dir)},
      {"log.maxFileBytes", NumField(&C::log, &LogConfig::maxFileBytes, 64 * 1024, 1024 * kMiB, "字节")},
      {"log.maxFiles", NumField(&C::log, &LogConfig::maxFiles, 1, 1000, "个")},
      {"journal.enabled", BoolField(&C::journal, &JournalConfig::enabled)},
      {"journal.path", StrField(&C::journal, &JournalConfig::path)},
      {"journal.odbc", StrField(&C::journal, &JournalConfig::odbc)},
      {"bill.maxBytes", NumField(&C::bill, &BillConfig::maxBytes, kMiB, 4096 * kMiB, "字节")},
      {"bill.maxLineBytes", NumField(&C::bill, &BillConfig::maxLineBytes, 1024, 16 * kMiB, "字节")},
      {"bill.maxFields", NumField(&C::bill, &BillConfig::maxFields, 14, 4096, "个")},
      {"gateway.listen", StrField(&C::gateway, &GatewayConfig::listen)},
      {"gateway.tlsCert", StrField(&C::gateway, &GatewayConfig::tlsCert)},
      {"gateway.tlsKey", StrField(&C::gateway, &GatewayConfig::tlsKey)},
      {"gateway.maxBodyBytes", NumField(&C::gateway, &GatewayConfig::maxBodyBytes, 1024, 1024 * kMiB, "字节")},
      {"gateway.handlerTimeoutMs", NumField(&C::gateway, &GatewayConfig::handlerTimeoutMs, 100, 600000, "毫秒")},
      {"gateway.maxSkewS", NumField(&C::gateway, &GatewayConfig::maxSkewS, 1, 86400, "秒")},
      {"gateway.maxConnections", NumField(&C::gateway, &GatewayConfig::maxConnections, 8, 100000, "个")},
      {"gateway.workers", NumField(&C::gateway, &GatewayConfig::workers, 1, 1024, "个")},
      {"gateway.headerTimeoutMs", NumField(&C::gateway, &GatewayConfig::headerTimeoutMs, 100, 600000, "毫秒")},
      {"gateway.bodyTimeoutMs", NumField(&C::gateway, &GatewayConfig::bodyTimeoutMs, 100, 3600000, "毫秒")},
      {"gateway.writeTimeoutMs", NumField(&C::gateway, &GatewayConfig::writeTimeoutMs, 100, 3600000, "毫秒")},
      {"gateway.keepAliveTimeoutMs", NumField(&C::gateway, &GatewayConfig::keepAliveTimeoutMs, 0, 3600000, "毫秒")},
      {"gateway.handlerPool", NumField(&C::gateway, &GatewayConfig::handlerPool, 1, 256, "个")},
  };
  return m;
}

// Sections whose keys are names chosen by the user, not settings of ours.
bool ApplyOpenSection(const std::string& key, const std::string& value, Config* cfg, Status* st) {
  auto under = [&](const std::string& prefix, std::string* rest) {
    if (key.compare(0, prefix.size(), prefix) != 0) return false;
    *rest = key.substr(prefix.size());
    return !rest->empty();
  };
  std::string rest;
  if (under("qingyuan.platforms.", &rest)) {
    cfg->qingyuan.platforms[rest] = value;
    return true;
  }
  if (under("gateway.paths.", &rest)) {
    cfg->gateway.paths[rest] = value;
    return true;
  }
  for (const char* route : {"qingyuan", "amp", "yzt", "mpay"}) {
    std::string prefix = std::string("gateway.") + route + ".";
    if (!under(prefix, &rest)) continue;
    RouteConfig& r = cfg->gateway.routes[route];
    if (rest.compare(0, 4, "sql.") == 0 && rest.size() > 4) {
      r.sql[rest.substr(4)] = value;
    } else if (rest == "handler") {
      r.handler = value;
    } else if (rest == "allowFrom") {
      r.allowFrom = value;
    } else if (rest == "token") {
      r.token = value;
    } else if (rest == "secret") {
      r.secret = value;
    } else {
      *st = Status::Fail(rc::kInvalidInput, "未知的配置项 " + key + "（[gateway." + route + "] 的配置项为 handler、allowFrom、token、secret 与 sql.<接口>）");
    }
    return true;
  }
  return false;
}

// inih calls the handler once per line; an indented continuation line repeats the key, so
// long values (SQL statements) may span lines. Repeats are joined with a newline.
int IniHandler(void* user, const char* section, const char* name, const char* value) {
  auto* out = static_cast<ConfigValues*>(user);
  std::string key = std::string(section) + "." + name;
  auto it = out->find(key);
  if (it == out->end()) {
    out->emplace(std::move(key), value);
  } else {
    it->second += "\n";
    it->second += value;
  }
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

bool LooksLikeJson(const std::string& path, const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  bool jsonName = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  return jsonName || (first != std::string::npos && text[first] == '{');
}

// The raw text a spec names, for LoadConfig and for recovering what the host declared.
struct Source {
  std::string text, name;
  bool isJson = false, found = false;
};

Status Locate(const char* spec, Source* src) {
  auto fromFile = [&](const std::string& path) -> Status {
    Status st = file::ReadRegular(path, kMaxConfigBytes, &src->text);
    if (!st.ok()) return Status::Fail(rc::kInvalidInput, "配置文件 " + path + " " + st.message);
    if (src->text.find('\0') != std::string::npos)
      return Status::Fail(rc::kInvalidInput, "配置文件 " + path + " 含有NUL字节，不是文本文件");
    src->name = path;
    src->isJson = LooksLikeJson(path, src->text);
    src->found = true;
    return Status::Ok();
  };
  if (spec != nullptr && *spec != '\0') {
    std::string s(spec);
    auto first = s.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && s[first] == '{') {
      src->text = std::move(s);
      src->name = "inline JSON";
      src->isJson = src->found = true;
      return Status::Ok();
    }
    return fromFile(s);
  }
  if (const char* env = std::getenv("ONETRANS_CONFIG"); env != nullptr && *env != '\0') return fromFile(env);
  for (const std::string& dir : {LibraryDirectory(), std::string()}) {
    for (const char* name : {"OneTrans.ini", "onetrans.json"}) {
      std::string path = dir + name;
      if (file::Exists(path)) return fromFile(path);
    }
  }
  return Status::Ok();  // nothing found: the defaults
}

void Recover(const Source& src, HostDeclared* declared) {
  // The buffer the host sized is unknown until proven: the smallest size any config may set.
  declared->outBufferSize = 64;
  declared->charset = "UTF-8";
  ConfigValues values;
  if (!src.found) return;
  (void)(src.isJson ? ParseJsonConfig(src.text, &values) : ParseIni(src.text, &values));
  Config probe;
  std::string why;
  const auto& setters = Setters();
  if (auto it = values.find("abi.outBufferSize"); it != values.end()) {
    if (setters.at("abi.outBufferSize")(probe, it->second, &why)) declared->outBufferSize = probe.abi.outBufferSize;
  } else {
    declared->outBufferSize = AbiConfig{}.outBufferSize;  // not declared: the documented default
  }
  if (auto it = values.find("abi.charset"); it != values.end() && (it->second == "GBK" || it->second == "UTF-8"))
    declared->charset = it->second;
}

}  // namespace

std::vector<std::string> Config::Secrets() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& s) {
    if (s.size() >= 6) out.push_back(s);  // shorter values would mask ordinary text
  };
  add(qingyuan.key);
  for (const auto& [id, key] : qingyuan.platforms) add(key);
  add(amp.appKey);
  for (const auto& [name, r] : gateway.routes) {
    add(r.token);
    add(r.secret);
  }
  // Passwords inside ODBC connection strings: PWD=…; / Password=…; / PWD={…;…}.
  auto passwords = [&](const std::string& conn) {
    for (const auto& p : ConnectionStringPasswords(conn)) add(p);
  };
  passwords(journal.odbc);
  for (const auto& [name, r] : gateway.routes)
    if (r.handler.compare(0, 5, "odbc:") == 0) passwords(r.handler.substr(5));
  return out;
}

Status ParseIni(const std::string& text, ConfigValues* out) {
  // Hosts edit the INI in Notepad: tolerate a UTF-8 byte-order mark.
  std::string body = text.rfind("\xEF\xBB\xBF", 0) == 0 ? text.substr(3) : text;
  int line = ini_parse_string(body.c_str(), IniHandler, out);
  if (line != 0)
    return Status::Fail(rc::kInvalidInput, "INI 第 " + std::to_string(line) +
                                               " 行格式错误（每行至多200个字符；长的值请分成多行，续行以空格开头）");
  return Status::Ok();
}

Status ParseJsonConfig(const std::string& text, ConfigValues* out) {
  json::Document doc;
  Status st = json::Parse(text, &doc);
  if (!st.ok()) return st;
  if (!doc.IsObject()) return Status::Fail(rc::kInvalidInput, "配置应为JSON对象");
  // Sections nest: {"gateway": {"amp": {"sql": {"ORG_003": "…"}}}} is gateway.amp.sql.ORG_003.
  std::function<Status(const json::Value&, const std::string&, int)> walk = [&](const json::Value& obj, const std::string& prefix,
                                                                             int depth) -> Status {
    for (auto kv = obj.MemberBegin(); kv != obj.MemberEnd(); ++kv) {
      std::string key = prefix + (prefix.empty() ? "" : ".") + kv->name.GetString();
      if (kv->value.IsObject()) {
        if (depth >= 3) return Status::Fail(rc::kInvalidInput, "配置节 " + key + " 嵌套过深");
        Status inner = walk(kv->value, key, depth + 1);
        if (!inner.ok()) return inner;
        continue;
      }
      if (prefix.empty()) return Status::Fail(rc::kInvalidInput, "配置节 " + key + " 应为对象");
      std::string text_value;
      if (!json::ScalarText(kv->value, &text_value))
        return Status::Fail(rc::kInvalidInput, "配置项 " + key + " 应为字符串、数字或布尔值");
      (*out)[key] = text_value;
    }
    return Status::Ok();
  };
  return walk(doc, "", 0);
}

Status Apply(const ConfigValues& values, Config* cfg) {
  const auto& setters = Setters();
  for (const auto& [key, value] : values) {
    auto it = setters.find(key);
    if (it == setters.end()) {
      if (key.rfind("sandbox.", 0) == 0) {  // read by the sandbox, not the library
        cfg->sandbox[key.substr(8)] = value;
        continue;
      }
      Status st;
      if (ApplyOpenSection(key, value, cfg, &st)) {
        if (!st.ok()) return st;
        continue;
      }
      return Status::Fail(rc::kInvalidInput, "未知的配置项 " + key);
    }
    std::string why;
    if (!it->second(*cfg, value, &why))
      return Status::Fail(rc::kInvalidInput, "配置项 " + key + " 的值无效：\"" + value.substr(0, 40) + "\"" +
                                                 (why.empty() ? "" : "，" + why));
  }
  if (cfg->abi.charset != "UTF-8" && cfg->abi.charset != "GBK")
    return Status::Fail(rc::kInvalidInput, "配置项 abi.charset 只能是 UTF-8 或 GBK");
  if (cfg->amp.keyDerivation != "hsa" && cfg->amp.keyDerivation != "prefix")
    return Status::Fail(rc::kInvalidInput, "配置项 amp.keyDerivation 只能是 hsa 或 prefix");
  if (cfg->amp.profile != "hsa")
    return Status::Fail(rc::kInvalidInput, "配置项 amp.profile 只能是 hsa（PROTOCOL §5 的报文规则；密钥派生见 amp.keyDerivation）");
  const char* levels[] = {"off", "error", "warn", "info", "debug"};
  bool knownLevel = false;
  for (const char* l : levels) knownLevel = knownLevel || cfg->log.level == l;
  if (!knownLevel) return Status::Fail(rc::kInvalidInput, "配置项 log.level 只能是 off、error、warn、info 或 debug");
  const std::string& proxy = cfg->transport.proxy;
  if (!proxy.empty() && proxy != "env" && proxy.find("://") == std::string::npos)
    return Status::Fail(rc::kInvalidInput, "配置项 transport.proxy 应为代理地址（如 http://proxy:3128）或 env（使用环境变量 http_proxy/https_proxy）");
  return Status::Ok();
}

std::string JournalPath(const Config& cfg, const void* libraryAddress) {
  return cfg.journal.path.empty() ? LibraryDirectory(libraryAddress) + "onetrans-journal.db" : BesideLibrary(cfg.journal.path);
}

Result<Config> LoadConfig(const char* spec, HostDeclared* declared) {
  Source src;
  Status st = Locate(spec, &src);
  Result<Config> cfg = !st.ok() ? Result<Config>(st) : src.found ? FromText(src.text, src.isJson, src.name) : Result<Config>(Config{});
  if (!cfg.ok() && declared != nullptr) Recover(src, declared);
  return cfg;
}

}  // namespace onetrans
