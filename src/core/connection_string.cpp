#include "core/connection_string.h"

#include <cctype>

namespace onetrans {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsPasswordKey(std::string_view key) {
  std::string k;
  for (char c : key) k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k == "pwd" || k == "password";
}

// One attribute starting at `at`: its key, value and where the next one starts. `valueFrom` /
// `valueTo` delimit the value as written (braces included), for redaction in place.
struct Span {
  ConnectionAttribute attr;
  std::size_t valueFrom = 0, valueTo = 0, next = 0;
  bool hasValue = false;
};

Span Next(std::string_view s, std::size_t at) {
  Span span;
  std::size_t eq = s.find('=', at), semi = s.find(';', at);
  if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
    span.next = semi == std::string_view::npos ? s.size() : semi + 1;
    return span;
  }
  span.attr.key = std::string(Trim(s.substr(at, eq - at)));
  span.hasValue = true;
  std::size_t v = eq + 1;
  while (v < s.size() && (s[v] == ' ' || s[v] == '\t')) ++v;
  span.valueFrom = v;
  if (v < s.size() && s[v] == '{') {
    // Braced: up to the first '}' that is not doubled.
    std::size_t i = v + 1;
    for (; i < s.size(); ++i) {
      if (s[i] != '}') {
        span.attr.value += s[i];
      } else if (i + 1 < s.size() && s[i + 1] == '}') {
        span.attr.value += '}';
        ++i;
      } else {
        break;
      }
    }
    span.valueTo = i < s.size() ? i + 1 : s.size();
    std::size_t after = s.find(';', span.valueTo);
    span.next = after == std::string_view::npos ? s.size() : after + 1;
    return span;
  }
  span.valueTo = semi == std::string_view::npos ? s.size() : semi;
  span.attr.value = std::string(Trim(s.substr(v, span.valueTo - v)));
  span.next = semi == std::string_view::npos ? s.size() : semi + 1;
  return span;
}

}  // namespace

std::vector<ConnectionAttribute> ParseConnectionString(std::string_view text) {
  std::vector<ConnectionAttribute> out;
  for (std::size_t at = 0; at < text.size();) {
    Span span = Next(text, at);
    if (span.hasValue && !span.attr.key.empty()) out.push_back(std::move(span.attr));
    at = span.next;
  }
  return out;
}

std::vector<std::string> ConnectionStringPasswords(std::string_view text) {
  std::vector<std::string> out;
  for (auto& a : ParseConnectionString(text))
    if (IsPasswordKey(a.key) && !a.value.empty()) out.push_back(std::move(a.value));
  return out;
}

std::string RedactConnectionString(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = 0; at < text.size();) {
    Span span = Next(text, at);
    if (span.hasValue && IsPasswordKey(span.attr.key)) {
      out.append(text.substr(copied, span.valueFrom - copied));
      out += "***";
      copied = span.valueTo;
    }
    at = span.next;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace onetrans
