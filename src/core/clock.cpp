#include "core/clock.h"

#include <iomanip>
#include <mutex>
#include <sstream>

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
#if defined(_WIN32)
    localtime_s(&tm, &t);
#else
    localtime_r(&t, &tm);
#endif
  }
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, fmt, &tm);
  return std::string(buf, n);
}

long long Parse(const std::string& text, const char* fmt) {
  std::tm tm{};
#if defined(_WIN32)
  // No strptime in the Windows C runtime; std::get_time reads the same conversions.
  std::istringstream in(text);
  in >> std::get_time(&tm, fmt);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return -1;
#else
  const char* end = strptime(text.c_str(), fmt, &tm);
  if (end == nullptr || *end != '\0') return -1;
#endif
  tm.tm_isdst = -1;
  std::lock_guard<std::mutex> lock(TzMutex());
  std::time_t t = std::mktime(&tm);
  return t == static_cast<std::time_t>(-1) ? -1 : static_cast<long long>(t);
}

}  // namespace onetrans::clock
