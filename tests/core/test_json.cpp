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

// What the bulk callback saw, and whether it was a view of the text itself.
struct Bulk {
  int calls = 0;
  std::string value;
  bool inText = false;
};

Status ParseBulk(const std::string& text, Bulk* bulk, json::Document* d) {
  json::Limits l;
  l.rejectNul = true;
  l.bulkMember = "encData";
  l.onBulk = [&](std::string_view v) {
    ++bulk->calls;
    bulk->value = std::string(v);
    bulk->inText = v.data() >= text.data() && v.data() + v.size() <= text.data() + text.size();
    return true;
  };
  return json::Parse(text, d, l);
}

TEST_CASE("a bulk member written plainly is handed over as a view of the text; any other form as the parser reads it",
          "[json][hostile]") {
  json::Document d;
  {
    Bulk b;
    std::string text = R"( { "a" : "x\"}{" , "n":[1,{"}":"]"}], "encData" : "ABCDEF" ,"z":true } )";
    REQUIRE(ParseBulk(text, &b, &d).ok());
    CHECK(b.calls == 1);
    CHECK(b.value == "ABCDEF");
    CHECK(b.inText);
    CHECK(json::Text(d, "encData").empty());
    CHECK(json::Text(d, "a") == "x\"}{");
    CHECK(d["z"].GetBool());
  }
  // Escaped value or key: the same value, unescaped by the parser.
  for (const char* text : {R"({"encData":"AB\u0043D"})", R"({"enc\u0044ata":"ABCD"})"}) {
    Bulk b;
    REQUIRE(ParseBulk(text, &b, &d).ok());
    CHECK(b.calls == 1);
    CHECK(b.value == "ABCD");
    CHECK_FALSE(b.inText);
  }
  // Not at the top level: an ordinary member.
  Bulk nested;
  REQUIRE(ParseBulk(R"({"o":{"encData":"AB"}})", &nested, &d).ok());
  CHECK(nested.calls == 0);
  CHECK(json::Text(d["o"], "encData") == "AB");
  // Whatever is wrong elsewhere is refused as before, with offsets into the text as given.
  Bulk b;
  CHECK_FALSE(ParseBulk(R"({"encData":"AB","encData":"CD"})", &b, &d).ok());
  CHECK_FALSE(ParseBulk(R"({"encData":"AB","n":"\u0000"})", &b, &d).ok());
  CHECK_FALSE(ParseBulk("{\"encData\":\"AB\",\"n\":\"\xff\"}", &b, &d).ok());
  CHECK_FALSE(ParseBulk("{\"encData\":\"A\tB\"}", &b, &d).ok());
  Status st = ParseBulk(R"({"encData":"ABCDEFGH",})", &b, &d);
  CHECK_FALSE(st.ok());
  INFO(st.message);
  CHECK(st.message.find("第 22 字节") != std::string::npos);
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
