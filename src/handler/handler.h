// What the HIS writes for an inbound call (PROTOCOL.md §9.2), however it is attached: one JSON
// request in, one JSON reply out.
//   request: {"platform": "<route>", "api": "<HIS00003|ORG_003|op_…|MPAY_001>", "requestId": "…",
//             "data": {…validated request fields…}}
//   reply:   {"code": <optional>, "message": <optional>, "data": {…response fields…}}
// A handler that cannot give a reply within its time — it timed out, failed to start, crashed,
// answered HTTP ≠ 200 or nothing — reports a failure; the gateway then answers the platform's
// unknown (money) or failure (other APIs) form. It never throws.
#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "core/status.h"

namespace onetrans::handler {

struct Reply {
  std::string body;  // the handler's reply text (JSON, not yet checked)
};

// Why a handler gave no reply: timed out (the HIS may still be working on it) or failed.
struct Failure {
  bool timedOut = false;
  std::string why;
};

class Handler {
 public:
  virtual ~Handler() = default;
  // Calls the HIS with `request` (the handler request JSON, UTF-8) and waits at most `timeout`.
  // On failure, *failure says why; the result's status is then not OK.
  virtual Result<Reply> Call(const std::string& request, std::chrono::milliseconds timeout, Failure* failure) = 0;
  // "forward http://…", "exec …", "callback", "odbc …": for log lines (no secrets).
  virtual std::string Describe() const = 0;
};

}  // namespace onetrans::handler
