// Transport: keep-alive connections are reused; a money-moving request never is.
#include <catch2/catch.hpp>

#include "sandbox/sandbox.h"
#include "transport/http.h"

using namespace onetrans;

TEST_CASE("consecutive calls reuse one kept-alive connection", "[transport]") {
  sandbox::Sandbox sb{sandbox::Options{}};
  REQUIRE(sb.Start().ok());
  transport::HttpClient http(TransportConfig{});
  for (int i = 0; i < 5; ++i) {
    transport::Failure f;
    auto r = http.PostJson(sb.qingyuanUrl(), "{}", &f);
    REQUIRE(r.ok());
    CHECK(r.value.body.find("rtCode") != std::string::npos);
  }
  CHECK(http.connectionsOpened() == 1);
  sb.Stop();
}

