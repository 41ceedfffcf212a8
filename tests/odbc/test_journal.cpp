// The journal in a shared database (OpenOdbcJournal), as two gateways behind one load balancer
// use it: two journal objects, each with its own connections, claiming the same business key
// from many threads at once — exactly one claim is fresh — on PostgreSQL and MariaDB.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "journal/journal.h"
#include "odbc/handler_calls.h"

using namespace onetrans;
using namespace onetrans::test;

namespace {

std::unique_ptr<Journal> Open(const Database& db) {
  auto j = OpenOdbcJournal(db.connection);
  INFO(j.status.message);
  REQUIRE(j.ok());
  return std::move(j.value);
}

JournalEntry Movement(const std::string& id, const std::string& requestId) {
  JournalEntry e;
  e.direction = "in";
  e.platform = "yzt";
  e.api = "op_yjj_account_transfer_in";
  e.key = JournalKey("in", "yzt", e.api, {id});
  e.ref = id;
  e.amount = "25.80";
  e.fingerprint = "F1E2D3";
  e.requestId = requestId;
  return e;
}

std::string Unique(const char* prefix) {
  return prefix + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
}

// Every thread claims `e` through one of the two journals; returns how many claims were fresh
// and checks that every loser saw the winner's entry.
int ClaimTogether(Journal& a, Journal& b, const JournalEntry& e) {
  constexpr int kThreads = 8;
  std::atomic<int> fresh{0}, failed{0};
  std::vector<long long> ids(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      JournalEntry mine = e;
      mine.requestId = "req-" + std::to_string(i);
      auto c = (i % 2 == 0 ? a : b).Claim(mine);
      if (!c.ok()) {
        ++failed;
        return;
      }
      if (c.value.fresh) ++fresh;
      ids[i] = c.value.entry.id;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failed == 0);
  for (long long id : ids) CHECK(id == ids[0]);
  return fresh;
}

}  // namespace

TEST_CASE("two journals on one database: a business key is claimed once", "[odbc][journal]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto gatewayA = Open(db);
  auto gatewayB = Open(db);  // the tables exist now: opening again must work as well
  CHECK(gatewayA->where().find(Password()) == std::string::npos);

  JournalEntry e = Movement(Unique("ZR"), "req-0");
  CHECK(ClaimTogether(*gatewayA, *gatewayB, e) == 1);
  auto found = gatewayB->FindByKey(e.key);
  REQUIRE(found.ok());
  REQUIRE(found.value);
  CHECK(found.value->state == "pending");
  CHECK(found.value->amount == "25.80");
  CHECK(found.value->direction == "in");

  // Left not-sent, the entry may be taken over — by one caller only.
  JournalEntry notSent = *found.value;
  notSent.state = "not-sent";
  notSent.returnCode = "000100";
  notSent.origin = "local";
  REQUIRE(gatewayA->Finish(notSent).ok());
  CHECK(ClaimTogether(*gatewayA, *gatewayB, e) == 1);

  // Finished, it answers every repeat with what was answered, Chinese and all, however long.
  JournalEntry done = *gatewayA->FindByKey(e.key).value;
  done.state = "done";
  done.returnCode = "000000";
  done.origin = "platform";
  done.answer = R"({"retCode":"00","retMsg":"转入成功","pad":")" + std::string(100000, 'x') + "\"}";
  done.result = "转入成功";
  REQUIRE(gatewayB->Finish(done).ok());
  auto repeat = gatewayA->Claim(e);
  REQUIRE(repeat.ok());
  CHECK_FALSE(repeat.value.fresh);
  CHECK(repeat.value.entry.state == "done");
  CHECK(repeat.value.entry.answer == done.answer);
  CHECK(repeat.value.entry.result == "转入成功");
}

TEST_CASE("the shared journal lists, resolves and guards against replays", "[odbc][journal]") {
  const Database& db = Db(GENERATE(0, 1));
  INFO(db.name);
  auto a = Open(db);
  auto b = Open(db);
  JournalEntry open = Movement(Unique("OPEN"), "r1"), closed = Movement(Unique("DONE"), "r2");
  auto c1 = a->Claim(open);
  auto c2 = b->Claim(closed);
  REQUIRE(c1.ok());
  REQUIRE(c2.ok());
  JournalEntry finished = c2.value.entry;
  finished.state = "unknown";
  REQUIRE(b->Finish(finished).ok());
  REQUIRE(a->Resolve(finished.id, "succ", "", "查询确认成功").ok());

  auto openOnly = b->List(true);
  REQUIRE(openOnly.ok());
  auto has = [](const std::vector<JournalEntry>& list, const std::string& key) {
    for (const auto& e : list)
      if (e.key == key) return true;
    return false;
  };
  CHECK(has(openOnly.value, open.key));
  CHECK_FALSE(has(openOnly.value, closed.key));
  auto all = a->List(false);
  REQUIRE(all.ok());
  CHECK(has(all.value, closed.key));
  auto resolved = a->FindByKey(closed.key);
  REQUIRE(resolved.ok());
  CHECK(resolved.value->state == "resolved");
  CHECK(resolved.value->finalStatus == "succ");
  CHECK(resolved.value->result == "查询确认成功");

  std::string seq = Unique("QY");
  auto first = a->FirstSight("qingyuan", seq, 86400);
  REQUIRE(first.ok());
  CHECK(first.value);
  auto replay = b->FirstSight("qingyuan", seq, 86400);
  REQUIRE(replay.ok());
  CHECK_FALSE(replay.value);
  CHECK(b->FirstSight("yzt", seq, 86400).value);  // another scope
  // Older than its window, an id is new again (whether or not it was purged yet).
  db.Query("UPDATE onetrans_seen SET seen = seen - 100 WHERE id = ?", {odbc::Param::Text(seq)});
  CHECK(a->FirstSight("qingyuan", seq, 50).value);
  CHECK_FALSE(b->FirstSight("qingyuan", seq, 50).value);
}

TEST_CASE("a journal that cannot reach its database says so without the password", "[odbc][journal]") {
  const Database& db = Db(GENERATE(0, 1));
  std::string wrong = WithPort(db.connection, "1");
  auto j = OpenOdbcJournal(wrong);
  REQUIRE_FALSE(j.ok());
  CHECK(j.status.message.find("交易日志") != std::string::npos);
  CHECK(j.status.message.find(Password()) == std::string::npos);
}
