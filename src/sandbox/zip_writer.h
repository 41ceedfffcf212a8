// A zip archive holding one file, built in memory (the platforms' bill downloads).
#pragma once
#include <optional>
#include <string>

namespace onetrans::sandbox {

std::optional<std::string> ZipOne(const std::string& memberName, const std::string& content);

}  // namespace onetrans::sandbox
