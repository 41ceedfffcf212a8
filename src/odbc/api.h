// The ODBC driver manager's C API: unixODBC on Linux, odbc32.dll on Windows, where sql.h needs
// the Windows types first. Only sql.h / sqlext.h calls are used, so both build from one source.
#pragma once
#if defined(_WIN32)
#include <windows.h>
#endif
#include <sql.h>
#include <sqlext.h>

#include <string>

namespace onetrans::odbc {

// Text crosses the driver manager as UTF-16 (the W calls): the drivers' narrow calls convert
// through the process locale, which in a HIS process is anything but reliably UTF-8.
using WString = std::basic_string<SQLWCHAR>;

static_assert(sizeof(SQLWCHAR) == 2, "ODBC wide characters are UTF-16 code units");

}  // namespace onetrans::odbc
