// Where the library lives, and file names in the form each consumer wants. Hosts deploy
// OneTrans.dll with its INI beside it, so "beside the library" is the default for config,
// journal and relative log directories. On Windows, file names are the host's ANSI code page
// (as fopen and the INI written in Notepad hold them); SQLite alone wants UTF-8.
#pragma once
#include <string>

namespace onetrans {

// Directory (with trailing separator) of the module holding `address` — by default the
// OneTrans library itself — or "".
std::string LibraryDirectory(const void* address = nullptr);
// On Windows a relative path (log.dir, journal.path) is taken beside the DLL: a HIS's working
// directory is wherever its shortcut says. Elsewhere, and for absolute or empty paths, unchanged.
std::string BesideLibrary(const std::string& path);
// The file name as sqlite3_open_v2 reads it (UTF-8).
std::string SqliteFileName(const std::string& path);
// Windows: once the runtime has started, a host's FreeLibrary must not unmap the DLL, because
// exit-time handlers of the statically linked C++ runtime and OpenSSL point into it (a crash at
// the host's exit otherwise). Pinned, as OpenSSL's own DLL pins itself. No-op elsewhere.
void KeepLibraryLoaded();

}  // namespace onetrans
