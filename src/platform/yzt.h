// 一帐通 / 三码融合 wire profile (PROTOCOL.md §9.1, §9.7): the body is a flat JSON object with a
// `sign` member, both ways. Signing string: every top-level member except `sign`, skipping
// absent, null and ""; a string or number as its text (a number exactly as written), an array
// or object as compact JSON (raw UTF-8, order kept, `/` not escaped); sorted by key byte-wise;
// joined k=v with &; then &key=<secret>. sign = uppercase hex MD5 of that string.
#pragma once
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/status.h"

namespace onetrans::platform::yzt {

// The signing string of a body (its `sign` member, if any, left out).
Result<std::string> SigningString(std::string_view body, std::string_view secret);
Result<std::string> Sign(std::string_view body, std::string_view secret);
// The body's `sign` checked in constant time, case-insensitively: 000102 when missing or wrong.
Status Verify(std::string_view body, std::string_view secret);
// `object` (no `sign`) serialised with its signature appended as the last member.
std::string Seal(const json::Value& object, std::string_view secret);

}  // namespace onetrans::platform::yzt
