// Deadlines: every wait of this layer (a free connection, a login, a statement) ends by one.
#pragma once
#include <chrono>

namespace onetrans::odbc {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// Whole seconds left, rounded up, at least 1: ODBC's login and query timeouts count seconds,
// and 0 would mean "no timeout".
inline unsigned long SecondsLeft(Deadline deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return ms <= 1000 ? 1ul : static_cast<unsigned long>((ms + 999) / 1000);
}

}  // namespace onetrans::odbc
