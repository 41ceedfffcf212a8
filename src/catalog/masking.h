// The one source of truth for what must not be logged in clear: every field the catalogs flag
// `pii` or `secret` (all platforms, both directions), plus the configuration's own secrets.
#pragma once
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/log.h"

namespace onetrans::catalog {

MaskPolicy BuildMaskPolicy(const std::vector<std::string>& secrets);

}  // namespace onetrans::catalog
