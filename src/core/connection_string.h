// ODBC connection strings ("Driver={PostgreSQL Unicode};Server=…;UID=his;PWD={a;b}"): KEY=value
// pairs separated by ';', a value in braces may hold ';' and '=' ("}}" stands for '}'). What
// is read here decides what is hidden: a password must never reach a log or an error message.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace onetrans {

struct ConnectionAttribute {
  std::string key;    // as written, blanks trimmed
  std::string value;  // braces removed
};

std::vector<ConnectionAttribute> ParseConnectionString(std::string_view text);

// The values of PWD / Password, for masking wherever they might appear.
std::vector<std::string> ConnectionStringPasswords(std::string_view text);

// The connection string with every password replaced by "***": what messages may show.
std::string RedactConnectionString(std::string_view text);

}  // namespace onetrans
