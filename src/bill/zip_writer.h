// Zip archives built in memory: the sandbox's bill downloads, and bombs for the tests.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace onetrans::bill {

std::optional<std::string> ZipOne(const std::string& memberName, const std::string& content);
std::optional<std::string> ZipMany(const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace onetrans::bill
