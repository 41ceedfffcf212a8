#include "odbc/handler_calls.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>

#include "handler/odbc_handler.h"

namespace onetrans::test {

std::unique_ptr<handler::Handler> OdbcHandler(const Database& db, const std::string& route, std::map<std::string, std::string> sql,
                                              std::size_t pool) {
  if (sql.empty()) sql = db.Statements(route);
  auto h = handler::MakeOdbcHandler(route, db.connection, sql, pool);
  INFO(h.status.message);
  REQUIRE(h.ok());
  return std::move(h.value);
}

Answer Ask(handler::Handler& h, const std::string& route, const std::string& api, const std::string& dataJson, long timeoutMs) {
  static std::atomic<int> seq{0};
  std::string request = R"({"platform":")" + route + R"(","api":")" + api + R"(","requestId":"odbc-test-)" +
                        std::to_string(++seq) + R"(","data":)" + dataJson + "}";
  Answer a;
  auto start = std::chrono::steady_clock::now();
  auto r = h.Call(request, std::chrono::milliseconds(timeoutMs), &a.failure);
  a.elapsedMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  a.ok = r.ok();
  if (a.ok) {
    a.body = r.value.body;
    if (!json::Parse(a.body, &a.doc).ok() || !a.doc.IsObject() || !a.doc.HasMember("data"))
      throw std::runtime_error("the handler replied something else than {\"data\":…}: " + a.body);
  }
  return a;
}

void CheckValid(const catalog::Catalog& cat, const std::string& api, const Answer& a) {
  INFO(api << ": " << (a.ok ? a.body : a.failure.why));
  REQUIRE(a.ok);
  Status st = cat.ValidateResponse(*cat.Find(api), a.data());
  INFO(st.message);
  CHECK(st.ok());
}

long long Cents(const std::string& yuan) {
  auto point = yuan.find('.');
  if (point == std::string::npos || yuan.size() - point != 3) throw std::runtime_error("not 元 with 2 decimals: " + yuan);
  return std::stoll(yuan.substr(0, point)) * 100 + std::stoll(yuan.substr(point + 1));
}

std::string WithPort(const std::string& connectionString, const std::string& port) {
  std::string out = connectionString;
  std::size_t at = out.find("Port=") + 5;
  return out.replace(at, out.find(';', at) - at, port);
}

const Database& Db(int index) { return index == 0 ? Postgres() : MariaDb(); }

}  // namespace onetrans::test
