#include "core/status.h"

namespace onetrans {

const char* CodeText(Code code) {
  switch (code) {
    case Code::kOk: return "000000";
    case Code::kInternal: return "000002";
    case Code::kTransport: return "000100";
    case Code::kDecrypt: return "000101";
    case Code::kSignature: return "000102";
    case Code::kInvalidInput: return "000105";
    case Code::kBufferTooSmall: return "000106";
    case Code::kOutcomeUnknown: return "000107";
    case Code::kBadBill: return "000108";
    case Code::kAnswered: return "000109";
  }
  return "000002";
}

}  // namespace onetrans
