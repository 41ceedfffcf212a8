// The seeds' own examples (and samples where the seed has none) of every inbound API, from
// tests/data/inbound/<platform>/: the request a platform sends, the response a HIS gives.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace onetrans::test {

struct InboundFixture {
  std::string platform, api, request, response;  // JSON texts
};

// By API id; every inbound API of the catalogs has one.
const std::map<std::string, InboundFixture>& InboundFixtures();

}  // namespace onetrans::test
