// Errors travel as values: a response code from the vendor table (PROTOCOL.md §2) and a
// message for the host developer. Nothing below the C boundary reports failure otherwise.
#pragma once
#include <string>
#include <utility>

namespace onetrans {

namespace rc {
inline constexpr const char* kOk = "000000";
inline constexpr const char* kInternal = "000002";
inline constexpr const char* kTransport = "000100";
inline constexpr const char* kDecrypt = "000101";
inline constexpr const char* kSignature = "000102";
inline constexpr const char* kInvalidInput = "000105";
inline constexpr const char* kBufferTooSmall = "000106";
inline constexpr const char* kOutcomeUnknown = "000107";
inline constexpr const char* kBadBill = "000108";
}  // namespace rc

struct Status {
  std::string code = rc::kOk;
  std::string message;

  static Status Ok() { return {}; }
  static Status Fail(const char* code, std::string message) { return {code, std::move(message)}; }
  bool ok() const { return code == rc::kOk; }
};

// A value or the status that explains why there is none.
template <typename T>
struct Result {
  Status status;
  T value{};
  Result(T v) : value(std::move(v)) {}           // NOLINT: implicit on purpose
  Result(Status s) : status(std::move(s)) {}     // NOLINT
  bool ok() const { return status.ok(); }
};

}  // namespace onetrans
