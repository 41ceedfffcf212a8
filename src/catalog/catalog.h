// The interface catalog: every transCode / API a platform offers, with its fields, types,
// presence (M/C/O), lengths and nested lists, read from data (catalog/data/<platform>.json)
// and checked by one validator. No field has a hand-written rule anywhere else.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/status.h"

namespace onetrans::catalog {

enum class Type { String, Int, Number, StringOrNumber, List, Object, StringOrArray, Any };

struct FieldRule {
  std::string name;
  std::vector<std::string> aliases;  // other spellings the seeds use for the same field
  Type type = Type::String;
  char use = 'O';                    // M required, C conditional, O optional
  bool allowEmpty = false;           // M, but "" is allowed (where the seed's own examples leave it empty)
  std::size_t minLen = 0, maxLen = 0;  // characters (strings) or digits (ints); 0 = no limit
  int precision = 0, scale = 0;      // "P,S" decimal lengths
  std::string format;                // digits, decimal, json, idList, base64, yyyyMMdd, ...
  std::vector<std::string> values;   // allowed values, when the seed lists them inline
  bool valuesIgnoreCase = false;
  std::string enumDict;              // allowed values from a named dictionary
  std::string desc;                  // the seed's own description, used in messages
  std::string pii;                   // idNo / name / phone / card / address: masked in logs
  bool secret = false;               // never logged at all
  std::vector<FieldRule> fields;     // members of list items / objects
};

// How the answer of a settling query reads: the field that holds the movement's state and
// which of its values mean done and failed (anything else: still open).
struct Settle {
  std::string field;
  std::vector<std::string> succeeded, failed;
};

// What to tell the host when a money-moving call ends without a verified answer.
struct UnknownOutcome {
  std::string query;                                      // the transCode / API to run
  std::vector<std::string> carry;                         // request fields copied into it
  std::vector<std::pair<std::string, std::string>> set;   // fixed values it needs
  std::string ref, amount;                                // the hospital's id of the movement, its amount
  Settle settle;                                          // how the query's answer settles it
};

// Platform -> hospital APIs (PROTOCOL.md §9): what the gateway must guarantee for each.
struct InboundRules {
  bool moneyMoving = false;                 // journaled, at most once, never "fail" for an unknown
  std::vector<std::string> idempotencyKey;  // request fields naming one movement
  std::string ref;                          // the hospital's id of the movement (journal, settling)
  bool decidesMoney = false;                // a query whose answer settles a movement
  std::string list;                         // the response field rows fill (list APIs)
  // A settling query: which APIs' entries its answer settles, matched by `ref`, and the answer
  // field whose final values settle them.
  struct Settles {
    std::vector<std::string> apis, final;
    std::string ref, field;
  } settles;
};

// A presence rule that depends on another field's value (seed: "pushType为HOSPITAL_PAYMENT时必填").
struct ConditionalRule {
  std::string field, equals;
  std::vector<std::string> require, forbid;
  std::string why;
};

struct Interface {
  std::string code;   // transCode, API id or 一帐通 method
  std::string name;   // the seed's title
  std::string path;   // AMP / 公众号: the URL path suffix that selects the API
  bool inbound = false;  // the platform calls the hospital
  std::vector<ConditionalRule> rules, responseRules;
  std::vector<FieldRule> request, response;
  std::optional<UnknownOutcome> moneyMoving;  // outbound money-moving calls
  InboundRules inboundRules;
  bool query = false;  // a pure read: safe to retry
  std::string bill;    // bill format this call returns a file in, if any
};

class Catalog {
 public:
  static Result<Catalog> Load(std::string_view jsonText);

  const std::string& platform() const { return platform_; }
  const Interface* Find(std::string_view code) const;
  // By URL path suffix, in one direction (AMP's outbound `refund` and inbound `rechargeSettle`).
  const Interface* FindByPath(std::string_view pathSuffix, bool inbound = false) const;
  const std::map<std::string, Interface, std::less<>>& interfaces() const { return interfaces_; }
  const std::map<std::string, std::string>* Dictionary(std::string_view name) const;
  std::string RtMessage(std::string_view rtCode) const;

  // Checks a request's business data against the interface. The status is 000105 with a
  // message naming the field path (data.feeList[0].payId), the seed's description and the rule.
  Status Validate(const Interface& itf, const json::Value& data) const;
  // The same for an answer (inbound: what the HIS's handler replied), under `prefix`. Without
  // requirePresence only the fields present are checked (a failure answer need not be complete).
  Status ValidateResponse(const Interface& itf, const json::Value& data, const std::string& prefix = "data",
                          bool requirePresence = true) const;

 private:
  Status CheckDictionaries() const;
  std::string platform_;
  std::map<std::string, Interface, std::less<>> interfaces_;
  std::map<std::string, std::map<std::string, std::string>, std::less<>> dictionaries_;
  std::map<std::string, std::string, std::less<>> rtCodes_;
};

// The built-in catalogs, parsed once from the data embedded in the library.
const Catalog& Qingyuan();
const Catalog& Amp();
const Catalog& Yzt();
const Catalog& Mpay();
// All of them, for what spans platforms (log masking).
std::vector<const Catalog*> All();

}  // namespace onetrans::catalog
