#include "gateway/access.h"

#include <cstring>

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif

#include "crypto/crypto.h"

namespace onetrans::gateway {
namespace {

std::string Trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) compares as its IPv4 address.
bool ToBytes(const std::string& ip, unsigned char out[16], bool* v6) {
  in_addr a4{};
  if (inet_pton(AF_INET, ip.c_str(), &a4) == 1) {
    std::memcpy(out, &a4, 4);
    *v6 = false;
    return true;
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, ip.c_str(), &a6) != 1) return false;
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(&a6, mapped, 12) == 0) {
    std::memcpy(out, reinterpret_cast<unsigned char*>(&a6) + 12, 4);
    *v6 = false;
    return true;
  }
  std::memcpy(out, &a6, 16);
  *v6 = true;
  return true;
}

}  // namespace

Result<Access> Access::Parse(const std::string& allowFrom, const std::string& token) {
  Access a;
  a.token_ = token;
  std::string list = Trim(allowFrom);
  if (list.empty() || list == "*") return a;
  a.any_ = false;
  std::size_t at = 0;
  while (at <= list.size()) {
    std::size_t comma = list.find(',', at);
    std::string item = Trim(list.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    at = comma == std::string::npos ? list.size() + 1 : comma + 1;
    if (item.empty()) continue;
    Net n;
    std::string ip = item;
    auto slash = item.find('/');
    if (slash != std::string::npos) ip = item.substr(0, slash);
    if (!ToBytes(ip, n.addr, &n.v6))
      return Status::Fail(rc::kInvalidInput, "allowFrom：\"" + item + "\" 不是IP地址或CIDR网段");
    int maxBits = n.v6 ? 128 : 32;
    n.bits = maxBits;
    if (slash != std::string::npos) {
      std::string bits = item.substr(slash + 1);
      bool digits = !bits.empty() && bits.size() <= 3 && bits.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || std::stoi(bits) > maxBits) return Status::Fail(rc::kInvalidInput, "allowFrom：\"" + item + "\" 的前缀长度无效");
      n.bits = std::stoi(bits);
    }
    a.nets_.push_back(n);
  }
  return a;
}

bool Access::Allows(const std::string& peerIp, const std::string& presentedToken) const {
  // Digests compared in constant time: neither the token's bytes nor its length leak.
  if (!token_.empty() && !crypto::HexEqualsConstantTime(crypto::Sm3Hex(presentedToken), crypto::Sm3Hex(token_))) return false;
  if (any_) return true;
  unsigned char addr[16];
  bool v6 = false;
  if (!ToBytes(peerIp, addr, &v6)) return false;
  for (const Net& n : nets_) {
    if (n.v6 != v6) continue;
    int full = n.bits / 8, rest = n.bits % 8;
    if (std::memcmp(addr, n.addr, static_cast<std::size_t>(full)) != 0) continue;
    if (rest != 0) {
      auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
      if ((addr[full] & mask) != (n.addr[full] & mask)) continue;
    }
    return true;
  }
  return false;
}

}  // namespace onetrans::gateway
