// The one outbound exchange driver. Every platform call goes the same way — prepare (settings,
// validation), claim in the journal (money), send (retrying queries only), verify and open the
// reply, attach a bill, answer — and only what differs per platform is behind `Call`, as
// libcurl has one transfer driver and a table per TLS backend.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "core/json.h"
#include "core/outcome.h"
#include "runtime/runtime.h"

namespace onetrans::exchange {

// A verified reply, as the driver needs it.
struct Reply {
  bool success = false;                  // the platform's business answer is success
  std::string code;                      // the platform's own code as text (rtCode, AMP code)
  std::optional<std::string> plaintext;  // the decrypted business answer
};

// One prepared call of one platform.
class Call {
 public:
  Call(const catalog::Interface& itf, const json::Value& data) : itf_(itf), data_(data) {}
  virtual ~Call() = default;
  const catalog::Interface& itf() const { return itf_; }
  const json::Value& data() const { return data_; }  // the business data as the host gave it

  virtual const char* platform() const = 0;  // "qingyuan" | "amp"
  virtual const char* idKey() const = 0;     // how an output names the call: "transCode" | "api"
  virtual std::string seq() const = 0;       // this attempt's platformSeqId, or ""
  virtual std::string_view plaintext() const = 0;
  virtual const std::string& url() const = 0;
  virtual Result<std::string> Body() = 0;  // the request body of this attempt
  // Before a retry: a fresh request id / timestamp. False when the host fixed them itself (the
  // platform would refuse the repeat), so the query is not retried.
  virtual bool Renew() = 0;
  virtual Result<Reply> Open(std::string_view body) = 0;
  // The host's output for a verified reply; `data` is the parsed business answer or null.
  virtual Outcome Answer(const Reply& r, const json::Value* data) = 0;

 private:
  const catalog::Interface& itf_;
  const json::Value& data_;
};

using Prepare = Result<std::unique_ptr<Call>> (*)(const Runtime& rt, const json::Value& input);

// Runs one call from a MobileTrans input. Never throws.
Outcome Run(const Runtime& rt, const char* platform, Prepare prepare, const json::Value& input);

// A per-call setting: the first non-empty string among primary[name], secondary[name] and the
// configured value. A value of another type is refused, naming the field.
Result<std::string> Setting(const json::Value* primary, const json::Value* secondary, const char* name,
                            const std::string& configured, const char* label);

}  // namespace onetrans::exchange
