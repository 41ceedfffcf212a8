// Local wall-clock time, formatted and parsed. glibc's time-zone state behind localtime_r /
// mktime is not safe to touch from several threads at once (ThreadSanitizer shows tzset
// racing), so every conversion in the project goes through here, one at a time.
#pragma once
#include <ctime>
#include <string>

namespace onetrans::clock {

// strftime of the local time `t` (default: now), e.g. Format("%Y%m%d").
std::string Format(const char* fmt, std::time_t t = std::time(nullptr));
// Seconds since the epoch of a local time written in `fmt` (strptime), or -1 if it is not one.
long long Parse(const std::string& text, const char* fmt);

}  // namespace onetrans::clock
