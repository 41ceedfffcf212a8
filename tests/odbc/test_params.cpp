// :name parameters: found in the statement's code only, never in strings, quoted names or
// comments, never a PostgreSQL :: cast; the value is never part of the text.
#include <catch2/catch.hpp>

#include "odbc/params.h"
#include "odbc/text.h"

using namespace onetrans;
using odbc::BindNames;
using odbc::Dialect;

namespace {

odbc::BoundSql Bound(const std::string& sql, Dialect d = Dialect::kStandard) {
  auto b = BindNames(sql, d);
  INFO(sql << " -> " << b.status.message);
  REQUIRE(b.ok());
  return b.value;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("named parameters become ? markers in order", "[odbc][params]") {
  auto b = Bound("SELECT * FROM his_recharge_settle(:org_trace_no, :amp_trace_id,\n:org_trace_no)");
  CHECK(b.sql == "SELECT * FROM his_recharge_settle(?, ?,\n?)");
  CHECK(b.names == Names{"org_trace_no", "amp_trace_id", "org_trace_no"});
  CHECK(Bound("CALL p(:a1,:_b)").names == Names{"a1", "_b"});
  CHECK(Bound("SELECT 1").names.empty());
}

TEST_CASE("strings, quoted names and comments hold no parameters", "[odbc][params]") {
  auto b = Bound("SELECT ':x', 'it''s :y', \"col:z\" FROM t -- :c1\nWHERE a = :a /* :c2 */ AND b = :b");
  CHECK(b.sql == "SELECT ':x', 'it''s :y', \"col:z\" FROM t -- :c1\nWHERE a = ? /* :c2 */ AND b = ?");
  CHECK(b.names == Names{"a", "b"});
  // Standard SQL: a backslash is an ordinary character, the string ends at the next quote.
  CHECK(Bound(R"(SELECT 'a\' || :x)").names == Names{"x"});
}

TEST_CASE("PostgreSQL: :: casts, E'' strings, dollar quotes, nested comments", "[odbc][params]") {
  auto b = Bound("SELECT :a::text, x::int, :b ::numeric, arr[1:2] FROM f(:c::varchar(10))", Dialect::kPostgres);
  CHECK(b.sql == "SELECT ?::text, x::int, ? ::numeric, arr[1:2] FROM f(?::varchar(10))");
  CHECK(b.names == Names{"a", "b", "c"});
  CHECK(Bound(R"(SELECT E'it\'s :no', :yes)", Dialect::kPostgres).names == Names{"yes"});
  CHECK(Bound("SELECT $$ :no $$, $tag$ :no $$ :still_no $tag$, :yes, $1", Dialect::kPostgres).names == Names{"yes"});
  CHECK(Bound("SELECT /* outer /* :no */ :no */ :yes", Dialect::kPostgres).names == Names{"yes"});
  CHECK(Bound("SELECT name$1 || :yes", Dialect::kPostgres).names == Names{"yes"});
}

TEST_CASE("MySQL / MariaDB: backslash escapes, backquotes, # and -- comments, :=", "[odbc][params]") {
  CHECK(Bound(R"(SELECT 'it\'s :no', "also \" :no", `col:no`, :yes)", Dialect::kMySql).names == Names{"yes"});
  CHECK(Bound("SELECT :a # :no\n, :b -- :no\n", Dialect::kMySql).names == Names{"a", "b"});
  CHECK(Bound("SELECT 5--:yes", Dialect::kMySql).names == Names{"yes"});  // no blank after --: minus minus
  CHECK(Bound("SET @v := :yes", Dialect::kMySql).names == Names{"yes"});
  // Read as standard SQL the string ends at the backslash's quote: the dialect matters.
  CHECK_FALSE(BindNames(R"(SELECT 'a\', :x)", Dialect::kMySql).ok());
  CHECK(Bound(R"(SELECT 'a\', :x)", Dialect::kStandard).names == Names{"x"});
}

TEST_CASE("what cannot be read is refused, and so is a positional ?", "[odbc][params]") {
  for (auto [sql, d] : std::vector<std::pair<const char*, Dialect>>{{"SELECT 'open", Dialect::kStandard},
                                                                    {"SELECT \"open", Dialect::kStandard},
                                                                    {"SELECT /* open", Dialect::kStandard},
                                                                    {"SELECT /* a /* b */", Dialect::kPostgres},
                                                                    {"SELECT $x$ open", Dialect::kPostgres},
                                                                    {"SELECT `open", Dialect::kMySql}}) {
    auto b = BindNames(sql, d);
    INFO(sql);
    CHECK_FALSE(b.ok());
    CHECK(b.status.message.find("未结束") != std::string::npos);
  }
  auto q = BindNames("SELECT * FROM f(?, :a)", Dialect::kStandard);
  REQUIRE_FALSE(q.ok());
  CHECK(q.status.message.find(":名称") != std::string::npos);
  CHECK(Bound("SELECT '?', \"?\" -- ?").names.empty());
}

TEST_CASE("injection attempts in a statement's values never reach its text", "[odbc][params]") {
  // Values are not given to BindNames at all: whatever a name binds, the text is the same.
  const std::string sql = "SELECT * FROM v_yzt_card_list WHERE idno = :idNo AND username = :userName";
  auto b = Bound(sql, Dialect::kPostgres);
  CHECK(b.sql == "SELECT * FROM v_yzt_card_list WHERE idno = ? AND username = ?");
  CHECK(b.sql.find('\'') == std::string::npos);
}

TEST_CASE("the dialect follows the DBMS name", "[odbc][params]") {
  CHECK(odbc::DialectOf("PostgreSQL") == Dialect::kPostgres);
  CHECK(odbc::DialectOf("MariaDB") == Dialect::kMySql);
  CHECK(odbc::DialectOf("MySQL") == Dialect::kMySql);
  CHECK(odbc::DialectOf("Microsoft SQL Server") == Dialect::kStandard);
  CHECK(odbc::DialectOf("Oracle") == Dialect::kStandard);
}

TEST_CASE("UTF-8 and the drivers' UTF-16 convert both ways", "[odbc][text]") {
  for (std::string s : {std::string("张三丰"), std::string("plain"), std::string("𠀋 emoji 😀 ok"), std::string()}) {
    CHECK(odbc::Narrow(odbc::Wide(s)) == s);
  }
  CHECK(odbc::Wide("😀").size() == 2);  // a surrogate pair
  CHECK(odbc::Narrow(odbc::Wide("bad \xff byte")) == "bad \xEF\xBF\xBD byte");
  CHECK(odbc::Narrow(odbc::Wide("cut \xE5\xBC")) == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}
