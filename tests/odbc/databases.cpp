#include "odbc/databases.h"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "core/config.h"
#include "odbc/pool.h"

namespace onetrans::test {
namespace {

std::map<std::string, std::string> State() {
  const char* path = std::getenv("ONETRANS_ODBC_STATE");
  if (path == nullptr) throw std::runtime_error("ONETRANS_ODBC_STATE not set: run through ctest (fixture odbc_db)");
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string("no database state file ") + path + ": did odbc_db_start run?");
  std::map<std::string, std::string> out;
  for (std::string line; std::getline(in, line);) {
    auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

const std::map<std::string, std::string>& Cached() {
  static const std::map<std::string, std::string> state = State();
  return state;
}

Database Make(const char* name, const char* server, const char* key, const char* ini) {
  return {name, server, Cached().at(key), std::string(ONETRANS_SOURCE_DIR) + "/tests/db/" + ini};
}

odbc::Pool& PoolFor(const Database& db) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<odbc::Pool>> pools;
  std::lock_guard<std::mutex> lock(mu);
  auto& p = pools[db.server];
  if (!p) p = std::make_unique<odbc::Pool>(db.connection, 2);
  return *p;
}

void Control(const char* command, const std::string& server) {
  std::string cmd = std::string(ONETRANS_DBCTL) + " " + command + " " + server + " " + std::getenv("ONETRANS_ODBC_STATE");
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
}

}  // namespace

std::map<std::string, std::string> Database::Statements(const std::string& route) const {
  auto cfg = LoadConfig(ini.c_str());
  if (!cfg.ok()) throw std::runtime_error(cfg.status.message);
  return cfg.value.gateway.routes[route].sql;
}

odbc::Rows Database::Query(const std::string& sql, const std::vector<odbc::Param>& params) const {
  auto deadline = odbc::Clock::now() + std::chrono::seconds(10);
  odbc::Fault fault;
  auto lease = PoolFor(*this).Acquire(deadline, &fault);
  if (!lease.ok()) throw std::runtime_error(lease.status.message);
  auto rows = lease.value->Run(sql, params, deadline);
  if (!rows.ok()) throw std::runtime_error(rows.status.message);
  return rows.value;
}

std::string Database::Scalar(const std::string& sql, const std::vector<odbc::Param>& params) const {
  odbc::Rows r = Query(sql, params);
  if (r.rows.size() != 1 || r.rows[0].empty()) throw std::runtime_error("not one value: " + sql);
  return r.rows[0][0].text;
}

void Database::Stop() const { Control("stop-one", server); }
void Database::Start() const { Control("start-one", server); }

const Database& Postgres() {
  static const Database db = Make("PostgreSQL", "pg", "PG", "his_pg.ini");
  return db;
}

const Database& MariaDb() {
  static const Database db = Make("MariaDB", "mariadb", "MARIADB", "his_mariadb.ini");
  return db;
}

const std::string& Password() {
  static const std::string pw = Cached().at("PASSWORD");
  return pw;
}

}  // namespace onetrans::test
