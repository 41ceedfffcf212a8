// How his-check reads one answer as the platform would: its wire form (HTTP status, signature,
// encryption, the platform's own code fields), which of the platform's forms it is (success,
// unknown, refusal), and its business data checked against the response catalog. Internal to
// the check layer.
#pragma once
#include <string>

#include "caller/caller.h"
#include "catalog/catalog.h"
#include "core/json.h"

namespace onetrans::check::detail {

struct Reading {
  bool delivered = false;
  int http = 0;
  std::string code, message;
  bool signedOk = true;        // Qingyuan / 一帐通: the reply's signature verifies
  std::string wireZh, wireEn;  // the first way the reply breaks the platform's wire form ("" none)
  bool success = false;        // the platform's success form (rtCode 0000, ret_code 00, retCode 00, CODE 0)
  bool unknown = false;        // the platform's "outcome unknown, query it" form (PROTOCOL §9.3)
  json::Document data;         // the business answer (an object; empty when there is none)
  std::string result;          // money-moving APIs: the movement's `result` (succ exp fail closed), when given
};

// `route`: qingyuan / amp / yzt / mpay.
Reading Read(const std::string& route, const catalog::Interface& itf, const caller::Answer& a, const caller::Credentials& creds);

// Whether the platform would take the answer as the movement done: the success form, and no
// `result` other than succ.
bool Accepted(const Reading& r);

// The business data against the response catalog: complete for a success, only the fields
// present otherwise (a refusal need not be complete). Messages name fields without a prefix.
Status CheckCatalog(const catalog::Catalog& c, const catalog::Interface& itf, const Reading& r);

// The differences between two answers, code and business data, messages left aside (a repeat
// may say "重复交易"): "" when they agree, else up to three "field: A → B" items.
std::string Differences(const Reading& a, const Reading& b);

// A value for a message: at most 40 characters of its JSON text.
std::string Shown(const json::Value& v);

}  // namespace onetrans::check::detail
