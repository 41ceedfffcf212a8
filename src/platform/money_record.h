// Journals one money-moving call: an entry before the request leaves, its outcome after.
// A journal that cannot be written stops the call: money is never moved unrecorded.
#pragma once
#include <string>

#include "catalog/catalog.h"
#include "core/json.h"
#include "core/outcome.h"
#include "core/runtime.h"

namespace onetrans::platform {

class MoneyRecord {
 public:
  // A no-op record for calls that move no money (or when journal.enabled=false).
  MoneyRecord() = default;
  static Result<MoneyRecord> Begin(const Runtime& rt, const char* platform, const char* idKey, const catalog::Interface& itf,
                                   const json::Value& data, const std::string& seq);
  // done (verified answer), unknown (000107) or not-sent (anything else).
  void Finish(const Outcome& o) const;

 private:
  Journal* journal_ = nullptr;
  long long id_ = 0;
};

}  // namespace onetrans::platform
