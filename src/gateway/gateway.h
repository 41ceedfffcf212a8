// The gateway (PROTOCOL.md §9.5): the four platforms' routes on one HTTP(S) server, each with
// its access control and its handler, every call through the inbound pipeline.
//   POST /qingyuan            HIS00002-4 (transCode in the envelope)
//   POST /amp/<suffix>        ORG_001-009
//   POST /yzt                 op_* (method in the body)
//   POST /mpay/order|result   MPAY_001, MPAY_002
#pragma once
#include <memory>
#include <string>

#include "onetrans/onetrans.h"
#include "runtime/runtime.h"

namespace onetrans::gateway {

class Gateway {
 public:
  // Starts listening on [gateway] listen. `callback` (may be null) answers every route that has
  // no handler of its own in the configuration. Fails, naming the key, on a route that would be
  // open to anyone (amp, mpay without allowFrom or token), a route without a handler, a bad key.
  static Result<std::unique_ptr<Gateway>> Start(std::shared_ptr<const Runtime> rt, OneTransHandler callback, void* user);
  ~Gateway();
  // Stops accepting, lets calls in flight finish (at most graceMs), returns.
  void Stop(long graceMs = 10000);
  const std::string& url() const { return url_; }  // http(s)://host:port

 private:
  struct Impl;
  explicit Gateway(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::string url_;
};

}  // namespace onetrans::gateway
