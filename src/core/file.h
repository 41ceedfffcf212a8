// Reading small files the user names (config, certificates): only regular files of bounded
// size, so a directory, a FIFO or /dev/zero is an error instead of a hang or a flood.
#pragma once
#include <cstddef>
#include <string>

#include "core/status.h"

namespace onetrans::file {

// The whole file into *out. The status message says why not (Chinese, without the path).
Status ReadRegular(const std::string& path, std::size_t maxBytes, std::string* out);
bool Exists(const std::string& path);

}  // namespace onetrans::file
