// The two database servers the ODBC tests run against (tests/db/dbctl.sh, started by the CTest
// fixture odbc_db and named in the file ONETRANS_ODBC_STATE points to). Nothing is mocked:
// a missing server is a failed test, never a skipped one.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "odbc/connection.h"

namespace onetrans::test {

struct Database {
  std::string name;        // PostgreSQL | MariaDB, for messages
  std::string server;      // pg | mariadb, as dbctl.sh names them
  std::string connection;  // ODBC connection string (with the password)
  std::string ini;         // the hospital's statements (tests/db/his_*.ini)

  // [gateway.<route>.sql] of the hospital's INI, read as the gateway reads its configuration.
  std::map<std::string, std::string> Statements(const std::string& route) const;
  // Straight through the odbc layer, for checking what the handler did; throws on failure.
  odbc::Rows Query(const std::string& sqlWithMarkers, const std::vector<odbc::Param>& params = {}) const;
  std::string Scalar(const std::string& sqlWithMarkers, const std::vector<odbc::Param>& params = {}) const;
  void Stop() const;   // the server goes down, its data kept
  void Start() const;  // and comes back on the same port
};

const Database& Postgres();
const Database& MariaDb();
// The password of both servers' user his (contains ';' and '!', braced in the strings).
const std::string& Password();

}  // namespace onetrans::test
