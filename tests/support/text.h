// Test data helpers that need nothing but the core layer (they build for Windows too).
#pragma once
#include <string>

namespace onetrans::test {

// GBK of a UTF-8 text that GBK can represent.
std::string Gbk(const std::string& utf8);

}  // namespace onetrans::test
