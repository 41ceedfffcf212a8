// What each `:name` of a statement binds: the request's data.name — a string or boolean as its
// text, a number as its JSON text exactly as received (12.50, not 12.5), an array or object as
// its compact JSON text; absent or null is SQL NULL. An exact name first, else the one member
// whose name differs only in case (PostgreSQL users tend to write :tracenoin).
#pragma once
#include <string>
#include <vector>

#include "core/json.h"
#include "odbc/connection.h"

namespace onetrans::handler {

class RequestValues {
 public:
  // `data`: the request's data object, parsed as usual; `rawData`: the same text parsed with
  // numbers kept as their text (rapidjson::kParseNumbersAsStringsFlag). Either may be null.
  RequestValues(const json::Value* data, const json::Value* rawData) : data_(data), raw_(rawData) {}
  std::vector<odbc::Param> For(const std::vector<std::string>& names) const;

 private:
  odbc::Param One(const std::string& name) const;
  const json::Value* data_;
  const json::Value* raw_;
};

}  // namespace onetrans::handler
