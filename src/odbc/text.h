// UTF-8 (everything in OneTrans) <-> UTF-16 (what the ODBC W calls take and give).
#pragma once
#include <string>
#include <string_view>

#include "odbc/api.h"

namespace onetrans::odbc {

// Invalid UTF-8 becomes U+FFFD: the JSON parser has already refused such input, this is a guard.
WString Wide(std::string_view utf8);
// A lone surrogate becomes U+FFFD.
std::string Narrow(const SQLWCHAR* text, std::size_t units);
inline std::string Narrow(const WString& w) { return Narrow(w.data(), w.size()); }

}  // namespace onetrans::odbc
