// Decides which platform and which call a MobileTrans request is for (PROTOCOL.md §3).
#pragma once
#include <string_view>

#include "core/outcome.h"
#include "runtime/runtime.h"

namespace onetrans::router {

// inputUtf8: the host's request, already converted to UTF-8.
Outcome Route(const Runtime& rt, std::string_view inputUtf8);

}  // namespace onetrans::router
