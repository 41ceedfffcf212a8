// Shared by the benchmarks: the sandbox the end-to-end figures run against.
#pragma once
#include <string>

#include "sandbox/sandbox.h"

namespace onetrans::bench {

sandbox::Sandbox& Sandbox();
// A HOS00012 request (the cheapest verified round trip).
std::string StatusQuery();

}  // namespace onetrans::bench
