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

enum class Type { String, Int, List, Object, StringOrArray, Any };

struct FieldRule {
  std::string name;
  std::vector<std::string> aliases;  // other spellings the seeds use for the same field
  Type type = Type::String;
  char use = 'O';                    // M required, C conditional, O optional
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

// What to tell the host when a money-moving call ends without a verified answer.
struct UnknownOutcome {
  std::string query;                                      // the transCode / API to run
  std::vector<std::string> carry;                         // request fields copied into it
  std::vector<std::pair<std::string, std::string>> set;   // fixed values it needs
  std::string ref, amount;                                // the hospital's id of the movement, its amount
};

// A presence rule that depends on another field's value (seed: "pushType为HOSPITAL_PAYMENT时必填").
struct ConditionalRule {
  std::string field, equals;
  std::vector<std::string> require, forbid;
  std::string why;
};

struct Interface {
  std::string code;   // transCode or API id
  std::string name;   // the seed's title
  std::string path;   // AMP: the URL path suffix that selects the API
  std::vector<ConditionalRule> rules;
  std::vector<FieldRule> request;
  std::optional<UnknownOutcome> moneyMoving;
  bool query = false;  // a pure read: safe to retry
  std::string bill;    // bill format this call returns a file in, if any
};

class Catalog {
 public:
  static Result<Catalog> Load(std::string_view jsonText);

  const std::string& platform() const { return platform_; }
  const Interface* Find(std::string_view code) const;
  const Interface* FindByPath(std::string_view pathSuffix) const;
  const std::map<std::string, Interface, std::less<>>& interfaces() const { return interfaces_; }
  const std::map<std::string, std::string>* Dictionary(std::string_view name) const;
  std::string RtMessage(std::string_view rtCode) const;

  // Checks a request's business data against the interface. The status is 000105 with a
  // message naming the field path (data.feeList[0].payId), the seed's description and the rule.
  Status Validate(const Interface& itf, const json::Value& data) const;

 private:
  std::string platform_;
  std::map<std::string, Interface, std::less<>> interfaces_;
  std::map<std::string, std::map<std::string, std::string>, std::less<>> dictionaries_;
  std::map<std::string, std::string, std::less<>> rtCodes_;
};

// The built-in catalogs, parsed once from the data embedded in the library.
const Catalog& Qingyuan();
const Catalog& Amp();

}  // namespace onetrans::catalog
