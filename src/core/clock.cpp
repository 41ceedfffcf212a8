#include "core/clock.h"

#include <mutex>

namespace onetrans::clock {
namespace {
std::mutex& TzMutex() {
  static std::mutex mu;
  return mu;
}
}  // namespace

std::string Format(const char* fmt, std::time_t t) {
  std::tm tm{};
  {
    std::lock_guard<std::mutex> lock(TzMutex());
    localtime_r(&t, &tm);
  }
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, fmt, &tm);
  return std::string(buf, n);
}

long long Parse(const std::string& text, const char* fmt) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), fmt, &tm);
  if (end == nullptr || *end != '\0') return -1;
  tm.tm_isdst = -1;
  std::lock_guard<std::mutex> lock(TzMutex());
  std::time_t t = std::mktime(&tm);
  return t == static_cast<std::time_t>(-1) ? -1 : static_cast<long long>(t);
}

}  // namespace onetrans::clock
