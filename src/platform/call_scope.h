// What every platform call does around its exchange: the one log line with its duration,
// and the journal outcome of a money-moving call.
#pragma once
#include <chrono>
#include <string>

#include "core/outcome.h"
#include "core/runtime.h"
#include "platform/money_record.h"

namespace onetrans::platform {

class CallScope {
 public:
  CallScope(const Runtime& rt, const char* platform, std::string api)
      : rt_(rt), start_(std::chrono::steady_clock::now()), record_{platform, std::move(api), "", "", "", 0} {}

  CallRecord& record() { return record_; }
  void Journal(MoneyRecord money) { money_ = money; }

  // Every exit of a call goes through here.
  Outcome Finish(Outcome o) {
    money_.Finish(o);
    record_.returnCode = o.code;
    record_.durationMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_).count();
    rt_.log().Call(record_);
    return o;
  }

 private:
  const Runtime& rt_;
  std::chrono::steady_clock::time_point start_;
  CallRecord record_;
  MoneyRecord money_;
};

}  // namespace onetrans::platform
