// The report his-check prints and writes, and the English of the catalog's Chinese messages
// (the validator speaks Chinese to the HIS's developers; the platforms' engineers read both).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "check/his_check.h"
#include "core/json.h"

namespace onetrans::check {
namespace {

bool StartsWith(const std::string& s, const char* p) { return s.compare(0, std::strlen(p), p) == 0; }

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// The validator's names of types (catalog/validator.cpp TypeName) and of values (Describe).
std::string TypeEn(const std::string& zh) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {"整数(int，金额以分为单位)", "an integer (fen)"}, {"字符串(string)", "a string"},      {"整数(int)", "an integer"},
      {"数字(number)", "a number"},                     {"数字或数字字符串", "a number or numeric string"},
      {"数组(list)", "a list"},                         {"对象(JSON)", "an object"},        {"字符串或数组", "a string or array"},
      {"任意JSON", "any JSON"},                         {"字符串", "a string"}};
  for (const auto& [z, e] : kTypes)
    if (zh == z) return e;
  return zh;
}
std::string ValueEn(const std::string& zh) {
  if (StartsWith(zh, "字符串 ")) return "string " + zh.substr(std::strlen("字符串 "));
  if (StartsWith(zh, "整数 ")) return "integer " + zh.substr(std::strlen("整数 "));
  if (StartsWith(zh, "小数 ")) return "decimal " + zh.substr(std::strlen("小数 "));
  if (zh == "布尔值") return "a boolean";
  if (zh == "数组") return "an array";
  if (zh == "对象") return "an object";
  return zh;
}

std::vector<std::string> Numbers(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] < '0' || s[i] > '9') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// The quoted value in a rule ("取值 \"maybe\" 不在…"), with its quotes.
std::string Quoted(const std::string& s) {
  auto open = s.find('"');
  auto close = open == std::string::npos ? std::string::npos : s.find('"', open + 1);
  return close == std::string::npos ? std::string() : s.substr(open, close - open + 1);
}

std::string RuleEn(const std::string& rule) {
  std::string actual;
  if (auto at = rule.rfind("实际为"); at != std::string::npos) actual = rule.substr(at + std::strlen("实际为"));
  if (!actual.empty() && actual[0] == ' ') actual.erase(0, 1);
  if (rule == "必填字段缺失") return "required field missing";
  if (rule == "必填字段不能为空字符串") return "required field is an empty string";
  if (rule == "必填列表不能为空") return "required list is empty";
  if (rule == "应答应为JSON对象" || rule == "业务参数应为JSON对象") return "must be a JSON object";
  if (StartsWith(rule, "类型应为")) {
    std::string expected = rule.substr(std::strlen("类型应为"), rule.find("，实际为") - std::strlen("类型应为"));
    return "wrong type: must be " + TypeEn(expected) + ", got " + ValueEn(actual);
  }
  if (rule.find("不在允许范围内（") != std::string::npos) {
    auto open = rule.find("不在允许范围内（") + std::strlen("不在允许范围内（");
    std::string allowed = ReplaceAll(rule.substr(open, rule.rfind("）") - open), "、", ", ");
    return "value " + Quoted(rule) + " is not one of the allowed values (" + allowed + ")";
  }
  if (auto at = rule.find("不在字典 "); at != std::string::npos) {
    std::string dict = rule.substr(at + std::strlen("不在字典 "));
    dict = dict.substr(0, dict.find(' '));
    return "value " + Quoted(rule) + " is not in the dictionary " + dict;
  }
  std::vector<std::string> n = Numbers(rule);
  if (StartsWith(rule, "长度应为至多") && n.size() >= 2) return "length must be at most " + n[0] + " characters, got " + n[1];
  if (StartsWith(rule, "长度应为") && n.size() >= 3) return "length must be " + n[0] + " to " + n[1] + " characters, got " + n[2];
  if (StartsWith(rule, "最多") && rule.find("位数字") != std::string::npos && n.size() >= 2)
    return "at most " + n[0] + " digits, got " + n[1];
  if (StartsWith(rule, "最多") && n.size() >= 1) return "at most " + n[0] + " characters, got " + actual;
  if (StartsWith(rule, "不能为负数")) return "must not be negative, got " + actual;
  if (rule.find("列表元素应为JSON对象") != std::string::npos) return "list items must be JSON objects, got " + ValueEn(actual);
  static const std::pair<const char*, const char*> kFormats[] = {
      {"应为以元为单位的金额字符串", "must be an amount in yuan with at most 2 decimals"},
      {"应为整数字符串", "must be an integer string (fen)"},
      {"应为JSON对象格式的字符串", "must be a string holding a JSON object"},
      {"应为英文逗号分隔的订单号列表", "must be a comma-separated list of ids"},
      {"应为Base64编码", "must be Base64"},
      {"应为数字", "must be a number"}};
  for (const auto& [z, e] : kFormats)
    if (StartsWith(rule, z)) return std::string(e) + (actual.empty() ? "" : ", got " + actual);
  if (StartsWith(rule, "格式应为 ")) {
    std::string format = rule.substr(std::strlen("格式应为 "), rule.find("，") - std::strlen("格式应为 "));
    return "must be in the format " + format + ", got " + actual;
  }
  // A conditional rule: its reason is the seed's own words (Chinese only).
  return "breaks a conditional rule of the catalog (see reason_zh)";
}

void Write(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* key, const std::string& value) { json::WriteField(w, key, value); }

}  // namespace

std::string EnglishOfCatalogMessage(const std::string& zh, const std::string& prefix) {
  std::string m = zh;
  if (!prefix.empty() && m.compare(0, prefix.size() + 1, prefix + ".") == 0) m.erase(0, prefix.size() + 1);
  // "path（description）：rule" or "path：rule"; the description may hold parentheses itself.
  auto paren = m.find("（"), colon = m.find("：");
  std::string path, rule;
  if (paren != std::string::npos && (colon == std::string::npos || paren < colon)) {
    path = m.substr(0, paren);
    auto close = m.find("）：", paren);
    if (close == std::string::npos) return m;
    rule = m.substr(close + std::strlen("）："));
  } else if (colon != std::string::npos) {
    path = m.substr(0, colon);
    rule = m.substr(colon + std::strlen("："));
  } else {
    return m;
  }
  return path + ": " + RuleEn(rule);
}

std::string Table(const Report& r) {
  std::string out;
  char line[256];
  out += "his-check " + r.target + "\n";
  std::snprintf(line, sizeof line, "%-28s %-16s %-6s %-5s %-6s %s\n", "API", "CHECK", "RESULT", "HTTP", "CODE", "原因 / reason");
  out += line;
  for (const Finding& f : r.findings) {
    std::string check = CheckName(f.check) + (f.caseNo != 0 ? "#" + std::to_string(f.caseNo) : "");
    std::string http = f.http != 0 ? std::to_string(f.http) : "-";
    std::string code = f.code.empty() ? "-" : json::Utf8Prefix(f.code, 5);
    std::snprintf(line, sizeof line, "%-28s %-16s %-6s %-5s %-6s ", f.api.c_str(), check.c_str(), VerdictName(f.verdict), http.c_str(),
                  code.c_str());
    out += line;
    out += f.reasonZh + "\n";
    out += std::string(28 + 1 + 16 + 1 + 6 + 1 + 5 + 1 + 6 + 1, ' ') + f.reasonEn + "\n";
  }
  std::snprintf(line, sizeof line, "汇总 / summary: %zu APIs, %zu checks: %zu PASS, %zu WARN, %zu FAIL — %s\n", r.apis, r.findings.size(),
                r.Count(Verdict::Pass), r.Count(Verdict::Warn), r.Count(Verdict::Fail), r.passed() ? "通过 / passed" : "未通过 / failed");
  out += line;
  return out;
}

std::string ReportJson(const Report& r) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  Write(w, "target", r.target);
  w.Key("summary");
  w.StartObject();
  w.Key("apis");
  w.Uint64(r.apis);
  w.Key("checks");
  w.Uint64(r.findings.size());
  w.Key("pass");
  w.Uint64(r.Count(Verdict::Pass));
  w.Key("warn");
  w.Uint64(r.Count(Verdict::Warn));
  w.Key("fail");
  w.Uint64(r.Count(Verdict::Fail));
  w.Key("passed");
  w.Bool(r.passed());
  w.EndObject();
  w.Key("checks");
  w.StartArray();
  for (const Finding& f : r.findings) {
    w.StartObject();
    Write(w, "api", f.api);
    Write(w, "route", f.route);
    Write(w, "check", CheckName(f.check));
    w.Key("case");
    w.Int(f.caseNo);
    Write(w, "status", VerdictName(f.verdict));
    Write(w, "reason_zh", f.reasonZh);
    Write(w, "reason_en", f.reasonEn);
    w.Key("http");
    w.Int(f.http);
    Write(w, "code", f.code);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace onetrans::check
