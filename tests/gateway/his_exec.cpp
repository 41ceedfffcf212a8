// The HIS as an exec handler (handler = exec:…): the handler request on stdin, the reply on
// stdout — the fixture response of the API. HIS_EXEC_MODE misbehaves on purpose: sleep (past
// any timeout), fail (exit 3), garbage (not JSON), invalid (a reply the catalog refuses).
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>

#include "gateway/fixtures.h"

int main() {
  std::string request((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  const char* modeEnv = std::getenv("HIS_EXEC_MODE");
  std::string mode = modeEnv != nullptr ? modeEnv : "";
  if (mode == "sleep") std::this_thread::sleep_for(std::chrono::seconds(30));
  if (mode == "fail") return 3;
  if (mode == "garbage") {
    std::cout << "<html>not json</html>";
    return 0;
  }
  auto at = request.find("\"api\":\"");
  std::string api = request.substr(at + 7, request.find('"', at + 7) - at - 7);
  const auto& all = onetrans::test::InboundFixtures();
  auto it = all.find(api);
  if (it == all.end()) return 4;
  if (mode == "invalid") {
    std::cout << R"({"data":{"ret_code":"00"}})";
    return 0;
  }
  std::cout << "{\"data\":" << it->second.response << "}";
  return 0;
}
