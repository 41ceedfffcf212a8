// RapidJSON conveniences shared by every layer: parsing with a readable error, compact
// serialisation with raw UTF-8 (the bytes that get signed), and typed member access.
#pragma once
#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace onetrans::json {

using Value = rapidjson::Value;
using Document = rapidjson::Document;
using Allocator = rapidjson::Document::AllocatorType;

struct Limits {
  std::size_t maxDepth = 64;
  // A key twice in one object is refused: which of the two would be validated, journaled and
  // signed is not the same everywhere (a parser takes the first, another the last).
  bool rejectDuplicateKeys = true;
  // Text from hosts and platforms' requests: a \u0000 inside a string truncates it in any C
  // string, so it is refused.
  bool rejectNul = false;
  // A top-level string member too big to keep twice (an envelope's encData, megabytes of hex):
  // handed to `onBulk` as the parser reads it and stored in the document as "". onBulk
  // returning false fails the parse (000105). UTF-8 is checked everywhere else as usual.
  const char* bulkMember = nullptr;
  std::function<bool(std::string_view)> onBulk;
};

// Parses UTF-8 JSON text. On failure the status is 000105 with the byte offset (or the path of
// a duplicate key / NUL character).
Status Parse(std::string_view text, Document* doc, const Limits& limits = {});

// Compact JSON, non-ASCII written as raw UTF-8, member order preserved.
std::string Serialize(const Value& v);

// The same content whatever its spelling: object keys sorted byte-wise at every level, members
// that are null or "" left out, compact. Two requests meaning the same have the same text.
std::string Canonical(const Value& v);

// The top-level members of a JSON object as they were written: a string's contents, a number's
// own text ("12.50" stays "12.50"), true/false/null, an array or object as compact JSON with its
// numbers' own text and raw UTF-8. What signatures are computed over. Fails like Parse.
struct RawMember {
  std::string name, text;
  bool isNull = false, isString = false;
};
Status TopLevelTexts(std::string_view objectText, std::vector<RawMember>* out, const Limits& limits = {});

// Member lookup that tolerates non-objects.
const Value* Find(const Value& obj, const char* name);
// A string member, or std::nullopt when absent / null / not a string.
std::optional<std::string> GetString(const Value& obj, const char* name);
std::string GetStringOr(const Value& obj, const char* name, std::string fallback);

// A member's scalar as text (numbers as their JSON text), or "" when absent or not a scalar.
std::string Text(const Value& obj, const char* name);

// The text a scalar is signed as: strings raw, numbers as their JSON text, booleans
// true/false. Returns false for null, objects and arrays.
bool ScalarText(const Value& v, std::string* out);

Value Str(std::string_view s, Allocator& a);
// Adds or replaces a member.
void Set(Value& obj, std::string_view name, Value v, Allocator& a);

// key: "value" on a rapidjson Writer.
template <typename Writer>
void WriteField(Writer& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

// Number of Unicode code points in a UTF-8 string (lengths in the specs count characters).
std::size_t Utf8Length(std::string_view s);
// At most `maxChars` whole characters of s, with "…" when it was cut: never a split sequence.
std::string Utf8Prefix(std::string_view s, std::size_t maxChars);
// At most `maxBytes` bytes of s, cut at a character boundary.
std::string_view Utf8Cut(std::string_view s, std::size_t maxBytes);

}  // namespace onetrans::json
