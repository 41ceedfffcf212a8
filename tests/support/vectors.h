// The public conformance vectors (tests/data/vectors.json, a byte-for-byte copy), loaded once.
#pragma once
#include <string>
#include <vector>

#include "core/json.h"

namespace onetrans::test {

const json::Document& Vectors();
// Every vector of one kind ("sm3", "sm4-ecb", "qingyuan-request", ...).
std::vector<const json::Value*> VectorsOfKind(const std::string& kind);
std::string Str(const json::Value& v, const char* name);

}  // namespace onetrans::test
