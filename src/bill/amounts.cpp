#include "bill/bill.h"

#include <limits>

namespace onetrans::bill {

bool YuanToFen(std::string_view s, std::int64_t* fen) {
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  if (s.empty()) return false;
  std::int64_t whole = 0, frac = 0;
  int fracDigits = -1, wholeDigits = 0;
  for (char c : s) {
    if (c == '.') {
      if (fracDigits >= 0) return false;
      fracDigits = 0;
      continue;
    }
    if (c < '0' || c > '9') return false;
    if (fracDigits < 0) {
      if (++wholeDigits > kMaxYuanDigits) return false;
      whole = whole * 10 + (c - '0');
    } else {
      if (++fracDigits > 2) return false;
      frac = frac * 10 + (c - '0');
    }
  }
  if (fracDigits == 0 || wholeDigits == 0) return false;
  if (fracDigits == 1) frac *= 10;
  *fen = (whole * 100 + frac) * (negative ? -1 : 1);
  return true;
}

bool AddFen(std::int64_t* sum, std::int64_t fen) {
  // Checked before adding (MSVC has no __builtin_add_overflow).
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  if ((fen > 0 && *sum > kMax - fen) || (fen < 0 && *sum < kMin - fen)) return false;
  *sum += fen;
  return true;
}

std::string FenToYuan(std::int64_t fen) {
  std::string sign = fen < 0 ? "-" : "";
  if (fen < 0) fen = -fen;
  std::string cents = std::to_string(fen % 100);
  return sign + std::to_string(fen / 100) + "." + (cents.size() == 1 ? "0" + cents : cents);
}

}  // namespace onetrans::bill
