// JSON as hosts and platforms send it: duplicate keys and NUL characters are refused, lengths
// count characters, echoes are cut at character boundaries.
#include <catch2/catch.hpp>

#include "core/charset.h"
#include "core/json.h"

using namespace onetrans;

TEST_CASE("a key twice in one object is refused, naming it", "[json][hostile]") {
  json::Document d;
  Status st = json::Parse(R"({"data":{"amt":100,"orderId":"A","amt":"-99999.99"}})", &d);
  CHECK(st.code == rc::kInvalidInput);
  CHECK(st.message == "JSON data.amt：同一对象中出现了重复的键，不允许");
  CHECK_FALSE(json::Parse(R"({"a":1,"a":1})", &d).ok());
  CHECK_FALSE(json::Parse(R"({"l":[{"x":1},{"y":1,"y":2}]})", &d).ok());
  CHECK(json::Parse(R"({"l":[{"x":1},{"x":2}]})", &d).ok());  // the same key in two objects is fine
}

TEST_CASE("a NUL inside a string is refused where asked", "[json][hostile]") {
  json::Document d;
  json::Limits host;
  host.rejectNul = true;
  Status st = json::Parse(R"({"data":{"userName":"张\u0000三"}})", &d, host);
  CHECK(st.code == rc::kInvalidInput);
  CHECK(st.message.find("data.userName") != std::string::npos);
  CHECK(json::Parse(R"({"data":{"userName":"张三"}})", &d, host).ok());
}

TEST_CASE("UTF-8 prefixes never split a character", "[json]") {
  std::string s = "张三丰张三丰";
  CHECK(json::Utf8Prefix(s, 2) == "张三…");
  CHECK(json::Utf8Prefix(s, 6) == s);
  CHECK(json::Utf8Cut(s, 4) == "张");
  CHECK(charset::CheckUtf8(json::Utf8Cut(s, 7)).ok());
}

TEST_CASE("GBK output: characters GBK lacks become JSON escapes, never '?'", "[charset]") {
  std::string gbk = charset::Utf8JsonToGbk(R"({"name":"张三😀","url":"http://h/?n=𠀀"})");
  CHECK(gbk.find('?') == gbk.find("?n="));  // the only '?' is the URL's own
  CHECK(gbk.find("\\ud83d\\ude00") != std::string::npos);
  CHECK(gbk.find("\\ud840\\udc00") != std::string::npos);
  auto back = charset::GbkToUtf8(gbk);
  REQUIRE(back.ok());
  json::Document d;
  REQUIRE(json::Parse(back.value, &d).ok());
  CHECK(json::GetStringOr(d, "name", "") == "张三😀");
  CHECK(json::GetStringOr(d, "url", "") == "http://h/?n=𠀀");
}
