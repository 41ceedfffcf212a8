// Errors travel as values: a code from the vendor table (PROTOCOL.md §2) and a message for
// the host developer. Nothing below the C boundary reports failure otherwise.
#pragma once
#include <cstdlib>
#include <string>
#include <utility>

namespace onetrans {

// The library's own return codes. Values are the public ONETRANS_* constants of
// include/onetrans/onetrans.h (checked at compile time in abi/codes.cpp); a switch over this
// enum under -Werror=switch keeps every table of texts complete.
enum class Code : int {
  kOk = 0,
  kInternal = 2,
  kTransport = 100,
  kDecrypt = 101,
  kSignature = 102,
  kInvalidInput = 105,
  kBufferTooSmall = 106,
  kOutcomeUnknown = 107,
  kBadBill = 108,
  kAnswered = 109,  // inbound: answered without the handler (a repeat)
};

namespace rc {
inline constexpr Code kOk = Code::kOk;
inline constexpr Code kInternal = Code::kInternal;
inline constexpr Code kTransport = Code::kTransport;
inline constexpr Code kDecrypt = Code::kDecrypt;
inline constexpr Code kSignature = Code::kSignature;
inline constexpr Code kInvalidInput = Code::kInvalidInput;
inline constexpr Code kBufferTooSmall = Code::kBufferTooSmall;
inline constexpr Code kOutcomeUnknown = Code::kOutcomeUnknown;
inline constexpr Code kBadBill = Code::kBadBill;
inline constexpr Code kAnswered = Code::kAnswered;
}  // namespace rc

// "000105": the six-digit text the vendor table writes.
const char* CodeText(Code code);

struct [[nodiscard]] Status {
  Code code = Code::kOk;
  std::string message;

  static Status Ok() { return {}; }
  static Status Fail(Code code, std::string message) { return {code, std::move(message)}; }
  bool ok() const { return code == Code::kOk; }
};

// A value or the status that explains why there is none. Built from a status, that status
// must be a failure: an "OK without a value" is a bug, reported as an internal error.
template <typename T>
struct [[nodiscard]] Result {
  Status status;
  T value{};
  Result(T v) : value(std::move(v)) {}  // NOLINT: implicit on purpose
  Result(Status s) : status(std::move(s)) {  // NOLINT
    if (status.ok()) status = Status::Fail(Code::kInternal, "internal error: a result was built from an OK status");
  }
  bool ok() const { return status.ok(); }
};

}  // namespace onetrans
