// What the host's buffers hold and how an answer is fitted into them.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "core/outcome.h"

namespace onetrans::abi {

// One answer for the host: the text already in the host's charset.
struct HostAnswer {
  int code = 0;
  Origin origin = Origin::kLocal;
  std::string text;
  std::string message;                // in the host's charset, for OneTrans_LastError
  std::size_t outBufferSize = 8192;   // what the host declared (or the safe minimum)
  bool gbk = false;
};

// The host's text as UTF-8: abi.charset UTF-8, `in` itself once checked (a 3 MB upload is
// not copied for nothing); GBK, converted into *converted.
Result<std::string_view> FromHost(std::string_view in, bool gbk, std::string* converted);
// An outcome in the host's charset.
HostAnswer ToHost(Outcome o, bool gbk, std::size_t outBufferSize);

// The text to write into a buffer of `cap` characters (NUL included) and the code to return:
// the answer itself when it fits; else, for a refusal decided locally (nothing was sent), the
// same refusal with its message cut to fit; else a short 000106 answer saying the request was
// processed and how to fetch the answer. Never longer than cap - 1.
struct Fitted {
  std::string text;
  int code = 0;
};
Fitted Fit(const HostAnswer& a, std::size_t cap);

}  // namespace onetrans::abi
