// What differs between the four platforms that call the hospital (PROTOCOL.md §9.1): how a
// request is verified and unwrapped, and the forms of their answers. Everything else — the
// catalog check, the journal, the handler contract — is the pipeline's (inbound.cpp), once.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "core/json.h"
#include "runtime/runtime.h"

namespace onetrans::inbound {

// Who is answered, and with which key (Qingyuan: the caller's platformId).
struct Context {
  const catalog::Interface* itf = nullptr;
  std::string platformId;
};

// A request that passed the platform's own checks: its API and its business data.
struct Unwrapped {
  Context ctx;
  json::Document data;  // as received (公众号: keys trimmed), envelope fields removed
};

// A request refused before the catalog: the complete reply to send, in the platform's form.
struct Refusal {
  std::string reply;
  std::string why;
  int httpStatus = 200;
};

// What the HIS's handler said about the outcome, read from its reply.
struct HandlerVerdict {
  bool success = false;      // the handler reports success (its data must then be complete)
  std::string code, message; // Qingyuan rtCode / 公众号 CODE, and the message, when it gave them
};

class Profile {
 public:
  virtual ~Profile() = default;
  virtual const char* route() const = 0;
  virtual const catalog::Catalog& catalog() const = 0;
  // Verifies and unwraps a request body for the path suffix after the route ("" or AMP's
  // "rechargeSettle", 公众号's "order"). On refusal *refusal is filled and the result fails.
  virtual Result<Unwrapped> Open(const Runtime& rt, std::string_view suffix, std::string_view body, Refusal* refusal) const = 0;
  // A request breaking the catalog, or repeating a key with other fields: the validation-failure form.
  virtual std::string Invalid(const Runtime& rt, const Context& ctx, const std::string& why) const = 0;
  // The platform's "unknown" answer (money moved? query me), never its failure answer.
  virtual std::string Unknown(const Runtime& rt, const Context& ctx, const std::string& why) const = 0;
  // The platform's failure answer, for APIs that move no money.
  virtual std::string Failed(const Runtime& rt, const Context& ctx, const std::string& why) const = 0;
  // Reads the handler's reply (code/message/data) for what it says of the outcome.
  virtual HandlerVerdict Verdict(const json::Value& reply) const = 0;
  // The reply for the platform from the handler's verified reply.
  virtual std::string Answer(const Runtime& rt, const Context& ctx, const HandlerVerdict& v, const json::Value& data) const = 0;
  // A repeat of a money-moving call whose outcome a settling query found (`final`, with that
  // query's answer `queryData`). By default still the unknown answer: the platform's own query
  // then reaches the HIS, which knows.
  virtual std::string Settled(const Runtime& rt, const Context& ctx, const std::string& final, const json::Value& queryData) const {
    (void)queryData;
    return Unknown(rt, ctx, "该笔交易此前结果未知，HIS 查询结果为 " + final + "，请以查询接口为准");
  }
};

// "qingyuan", "amp", "yzt", "mpay"; null for anything else.
const Profile* FindProfile(std::string_view route);

}  // namespace onetrans::inbound
