// Who may call a route (PROTOCOL.md §9.5): allowFrom (IPs and CIDRs, or "*") and an optional
// token in X-OneTrans-Token, compared in constant time.
#pragma once
#include <string>
#include <vector>

#include "core/status.h"

namespace onetrans::gateway {

class Access {
 public:
  // allowFrom: "" (anyone — only with a token or a signature of the platform's own), "*", or
  // "10.1.2.3, 10.0.0.0/8, ::1". 000105 naming the bad entry.
  static Result<Access> Parse(const std::string& allowFrom, const std::string& token);
  bool Allows(const std::string& peerIp, const std::string& presentedToken) const;
  bool open() const { return any_ && token_.empty(); }  // nothing restricts it

 private:
  struct Net {
    unsigned char addr[16] = {};
    int bits = 0;
    bool v6 = false;
  };
  std::vector<Net> nets_;
  bool any_ = true;
  std::string token_;
};

}  // namespace onetrans::gateway
