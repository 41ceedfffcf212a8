#include "handler/odbc_handler.h"

#include <thread>

#include "catalog/catalog.h"
#include "core/json.h"
#include "handler/odbc_reply.h"
#include "handler/request_values.h"
#include "odbc/params.h"
#include "odbc/pool.h"

namespace onetrans::handler {
namespace {

using odbc::Clock;
using odbc::Deadline;
using odbc::Fault;

const catalog::Catalog* CatalogOf(const std::string& route) {
  if (route == "qingyuan") return &catalog::Qingyuan();
  if (route == "amp") return &catalog::Amp();
  if (route == "yzt") return &catalog::Yzt();
  if (route == "mpay") return &catalog::Mpay();
  return nullptr;
}

constexpr const char* kHead = ".head";

bool EndsWithHead(const std::string& key) {
  std::size_t n = std::char_traits<char>::length(kHead);
  return key.size() > n && key.compare(key.size() - n, n, kHead) == 0;
}

// Why there is no reply: the gateway answers the platform's unknown (money) or failure form.
struct Problem {
  bool timedOut = false;
  std::string why;
};

class OdbcHandler final : public Handler {
 public:
  OdbcHandler(std::string route, const catalog::Catalog& cat, std::map<std::string, std::string> sql,
              const std::string& connectionString, std::size_t poolSize)
      : route_(std::move(route)), catalog_(cat), sql_(std::move(sql)), pool_(connectionString, poolSize) {}

  Result<Reply> Call(const std::string& request, std::chrono::milliseconds timeout, Failure* failure) override {
    Problem problem;
    Result<Reply> r = Status::Fail(rc::kInternal, "");
    try {
      r = Answer(request, Clock::now() + timeout, &problem);
    } catch (const std::exception& e) {
      problem = {false, std::string("数据库处理异常：") + e.what()};
    } catch (...) {
      problem = {false, "数据库处理异常"};
    }
    if (r.ok()) return r;
    if (failure != nullptr) *failure = {problem.timedOut, problem.why};
    return Status::Fail(rc::kInternal, problem.why);
  }

  std::string Describe() const override { return "odbc " + pool_.description(); }

 private:
  Result<Reply> Answer(const std::string& request, Deadline deadline, Problem* problem) {
    auto fail = [&](bool timedOut, std::string why) -> Result<Reply> {
      *problem = {timedOut, std::move(why)};
      return Status::Fail(rc::kInternal, problem->why);
    };
    json::Document req, raw;
    Status st = json::Parse(request, &req);
    if (!st.ok()) return fail(false, "处理请求不是合法的JSON：" + st.message);
    raw.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag>(request.data(), request.size());
    std::string api = json::GetStringOr(req, "api", "");
    std::string platform = json::GetStringOr(req, "platform", route_);
    if (platform != route_) return fail(false, "处理请求的 platform \"" + json::Utf8Prefix(platform, 24) + "\" 不是本处理程序的 " + route_);
    const catalog::Interface* itf = catalog_.Find(api);
    if (itf == nullptr || !itf->inbound) return fail(false, route_ + " 没有入站接口 \"" + json::Utf8Prefix(api, 40) + "\"");
    auto stmt = sql_.find(api);
    if (stmt == sql_.end())
      return fail(false, "未配置接口 " + api + "（" + itf->name + "）的SQL语句：[gateway." + route_ + ".sql] " + api + " = …");
    const json::Value* data = json::Find(req, "data");
    const json::Value* rawData = raw.HasParseError() ? nullptr : json::Find(raw, "data");
    RequestValues values(data, rawData);

    Fault fault = Fault::kNone;
    auto lease = pool_.Acquire(deadline, &fault);
    if (!lease.ok()) return fail(fault == Fault::kTimedOut, "数据库处理 " + api + " 失败：" + lease.status.message);
    // Two transfers touching the same balances can deadlock; the database then rolls one of
    // them back whole and says so (kConflict). Nothing of it stayed: run it again, a few times,
    // while there is time — rather than answer "unknown" for a transfer that simply lost a race.
    for (int attempt = 1;; ++attempt) {
      bool conflict = false;
      auto r = Once(*lease.value, *itf, stmt->second, values, deadline, problem, &conflict);
      auto pause = std::chrono::milliseconds(20 * attempt);
      if (r.ok() || !conflict || attempt == kConflictAttempts || Clock::now() + pause >= deadline) return r;
      std::this_thread::sleep_for(pause);
    }
  }

  static constexpr int kConflictAttempts = 4;

  // One try at the API on one connection: its statements, and for money one transaction.
  // *conflict: it failed on a deadlock the database rolled back entirely.
  Result<Reply> Once(odbc::Connection& c, const catalog::Interface& itf, const std::string& statement,
                     const RequestValues& values, Deadline deadline, Problem* problem, bool* conflict) {
    const std::string& api = itf.code;
    auto fail = [&](bool timedOut, std::string why) -> Result<Reply> {
      *problem = {timedOut, std::move(why)};
      return Status::Fail(rc::kInternal, problem->why);
    };
    Status st = Status::Ok();
    const bool money = itf.inboundRules.moneyMoving;
    if (money) {
      st = c.SetAutocommit(false);
      if (!st.ok()) return fail(c.fault() == Fault::kTimedOut, "数据库处理 " + api + " 失败：" + st.message);
    }
    auto undo = [&](const Status& why, bool timedOut) {
      if (money && c.Rollback().ok()) (void)c.SetAutocommit(true);
      return fail(timedOut, "数据库处理 " + api + " 失败：" + why.message);
    };

    auto main = Run(c, api, statement, values, deadline);
    if (!main.ok()) {
      *conflict = c.fault() == Fault::kConflict;  // the first statement: nothing was committed
      return undo(main.status, c.fault() == Fault::kTimedOut);
    }
    odbc::Rows headRows;
    const bool withHead = !itf.inboundRules.list.empty() && sql_.count(api + kHead) > 0;
    if (withHead) {
      auto head = Run(c, api + kHead, sql_.at(api + kHead), values, deadline);
      // Without a transaction the first statement's work stands: then it is not run again.
      *conflict = money && c.fault() == Fault::kConflict;
      if (!head.ok()) return undo(head.status, c.fault() == Fault::kTimedOut);
      headRows = std::move(head.value);
    }
    auto reply = ReplyFromRows(itf, main.value, withHead ? &headRows : nullptr);
    if (!reply.ok()) return undo(reply.status, false);
    if (money) {
      // Past the deadline the gateway may already have answered "unknown": then nothing is booked.
      if (Clock::now() >= deadline) return undo(Status::Fail(rc::kInternal, "超过时限，未提交"), true);
      st = c.Commit();
      if (!st.ok() && c.fault() == Fault::kConflict) {  // refused at commit (serializable): rolled back
        *conflict = true;
        return undo(st, false);
      }
      if (!st.ok()) return fail(c.fault() == Fault::kTimedOut, "数据库处理 " + api + " 提交结果不明：" + st.message);
      (void)c.SetAutocommit(true);  // if this fails the connection is closed, the reply stands
    }
    return Reply{std::move(reply.value)};
  }

  Result<odbc::Rows> Run(odbc::Connection& c, const std::string& key, const std::string& sql, const RequestValues& values,
                         Deadline deadline) {
    auto bound = odbc::BindNames(sql, c.dialect());
    if (!bound.ok()) return Status::Fail(rc::kInternal, "[gateway." + route_ + ".sql] " + key + "：" + bound.status.message);
    return c.Run(bound.value.sql, values.For(bound.value.names), deadline);
  }

  std::string route_;
  const catalog::Catalog& catalog_;
  std::map<std::string, std::string> sql_;
  odbc::Pool pool_;
};

// Every statement names an API this route answers and reads as SQL in some dialect.
Status CheckStatements(const std::string& route, const catalog::Catalog& cat, const std::map<std::string, std::string>& sql) {
  for (const auto& [key, text] : sql) {
    bool head = EndsWithHead(key);
    std::string api = head ? key.substr(0, key.size() - std::char_traits<char>::length(kHead)) : key;
    const catalog::Interface* itf = cat.Find(api);
    std::string where = "[gateway." + route + ".sql] " + key;
    if (itf == nullptr || !itf->inbound) return Status::Fail(rc::kInvalidInput, where + "：" + route + " 没有入站接口 " + api);
    if (head && itf->inboundRules.list.empty())
      return Status::Fail(rc::kInvalidInput, where + "：" + api + " 不是列表接口，不需要 .head 语句");
    Status first = Status::Ok();
    bool readable = false;
    for (auto d : {odbc::Dialect::kStandard, odbc::Dialect::kPostgres, odbc::Dialect::kMySql}) {
      auto b = odbc::BindNames(text, d);
      readable = readable || b.ok();
      if (!b.ok() && first.ok()) first = b.status;
    }
    if (!readable) return Status::Fail(rc::kInvalidInput, where + "：" + first.message);
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Handler>> MakeOdbcHandler(const std::string& route, const std::string& connectionString,
                                                 const std::map<std::string, std::string>& sql, std::size_t poolSize) {
  const catalog::Catalog* cat = CatalogOf(route);
  if (cat == nullptr) return Status::Fail(rc::kInvalidInput, "odbc 处理程序：未知的路由 " + route + "（qingyuan、amp、yzt、mpay）");
  if (connectionString.empty()) return Status::Fail(rc::kInvalidInput, "odbc 处理程序（" + route + "）：连接字符串为空（handler = odbc:<连接字符串>）");
  Status st = CheckStatements(route, *cat, sql);
  if (!st.ok()) return st;
  return std::unique_ptr<Handler>(std::make_unique<OdbcHandler>(route, *cat, sql, connectionString, poolSize));
}

}  // namespace onetrans::handler
