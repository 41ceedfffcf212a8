// Calling an ODBC handler as the gateway does, and reading its reply.
#pragma once
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "core/json.h"
#include "handler/handler.h"
#include "odbc/databases.h"

namespace onetrans::test {

struct Answer {
  bool ok = false;
  handler::Failure failure;
  std::string body;
  json::Document doc;
  long long elapsedMs = 0;
  const json::Value& data() const { return doc["data"]; }
  std::string Field(const char* name) const { return json::Text(data(), name); }
};

// The database's own statements for the route (its INI) unless `sql` is given.
std::unique_ptr<handler::Handler> OdbcHandler(const Database& db, const std::string& route,
                                              std::map<std::string, std::string> sql = {}, std::size_t pool = 4);

// {"platform": route, "api": api, "requestId": …, "data": dataJson}
Answer Ask(handler::Handler& h, const std::string& route, const std::string& api, const std::string& dataJson,
           long timeoutMs = 5000);

// The reply is what a HIS may answer, by the catalog (lists: every item too).
void CheckValid(const catalog::Catalog& cat, const std::string& api, const Answer& a);

// "120.50" -> 12050: money compared exactly, never through a double.
long long Cents(const std::string& yuan);

// The connection string pointing at another port (where nothing listens).
std::string WithPort(const std::string& connectionString, const std::string& port);

// The database server at index 0 (PostgreSQL) or 1 (MariaDB), for GENERATE(0, 1).
const Database& Db(int index);

}  // namespace onetrans::test
