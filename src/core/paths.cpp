#include "core/paths.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif

namespace onetrans {
#if defined(_WIN32)
std::string LibraryDirectory(const void* address) {
  const void* probe = address != nullptr ? address : reinterpret_cast<const void*>(&LibraryDirectory);
  HMODULE module = nullptr;
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          static_cast<LPCSTR>(probe), &module))
    return "";
  char buf[MAX_PATH * 4];
  DWORD n = GetModuleFileNameA(module, buf, sizeof buf);
  if (n == 0 || n >= sizeof buf) return "";
  std::string path(buf, n);
  auto slash = path.find_last_of("\\/");
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::string BesideLibrary(const std::string& path) {
  bool absolute = (path.size() >= 2 && path[1] == ':') || (!path.empty() && (path[0] == '\\' || path[0] == '/'));
  return path.empty() || absolute ? path : LibraryDirectory() + path;
}

void KeepLibraryLoaded() {
  static const bool pinned = [] {
    HMODULE module = nullptr;
    return GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                              reinterpret_cast<LPCSTR>(&KeepLibraryLoaded), &module) != 0;
  }();
  (void)pinned;
}

std::string SqliteFileName(const std::string& path) {
  if (path.empty()) return path;
  int n = MultiByteToWideChar(CP_ACP, 0, path.data(), static_cast<int>(path.size()), nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(n > 0 ? n : 0), L'\0');
  MultiByteToWideChar(CP_ACP, 0, path.data(), static_cast<int>(path.size()), wide.data(), n);
  int m = WideCharToMultiByte(CP_UTF8, 0, wide.data(), n, nullptr, 0, nullptr, nullptr);
  std::string utf8(static_cast<std::size_t>(m > 0 ? m : 0), '\0');
  WideCharToMultiByte(CP_UTF8, 0, wide.data(), n, utf8.data(), m, nullptr, nullptr);
  return utf8;
}
#else
std::string LibraryDirectory(const void* address) {
  Dl_info info{};
  const void* probe = address != nullptr ? address : reinterpret_cast<const void*>(&LibraryDirectory);
  if (dladdr(probe, &info) == 0 || info.dli_fname == nullptr) return "";
  std::string path = info.dli_fname;
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

void KeepLibraryLoaded() {}
std::string BesideLibrary(const std::string& path) { return path; }
std::string SqliteFileName(const std::string& path) { return path; }
#endif

}  // namespace onetrans
