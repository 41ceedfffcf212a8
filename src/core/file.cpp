#include "core/file.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <cerrno>
#include <cstring>

#if defined(_WIN32)
#include <fstream>
#include <sstream>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace onetrans::file {

#if defined(_WIN32)
Status ReadRegular(const std::string& path, std::size_t maxBytes, std::string* out) {
  struct _stat64 st {};
  if (_stat64(path.c_str(), &st) != 0) return Status::Fail(rc::kInvalidInput, "无法读取（文件不存在或无权限）");
  if ((st.st_mode & _S_IFMT) != _S_IFREG) return Status::Fail(rc::kInvalidInput, "不是普通文件");
  if (static_cast<unsigned long long>(st.st_size) > maxBytes)
    return Status::Fail(rc::kInvalidInput, "超过 " + std::to_string(maxBytes) + " 字节");
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::Fail(rc::kInvalidInput, "无法读取");
  std::ostringstream ss;
  ss << f.rdbuf();
  *out = ss.str();
  if (out->size() > maxBytes) return Status::Fail(rc::kInvalidInput, "超过 " + std::to_string(maxBytes) + " 字节");
  return Status::Ok();
}

bool Exists(const std::string& path) {
  struct _stat64 st {};
  return _stat64(path.c_str(), &st) == 0;
}
#else
Status ReadRegular(const std::string& path, std::size_t maxBytes, std::string* out) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return Status::Fail(rc::kInvalidInput, std::string("无法读取（") + std::strerror(errno) + "）");
  struct stat st {};
  Status result = Status::Ok();
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    result = Status::Fail(rc::kInvalidInput, "不是普通文件");
  } else if (static_cast<unsigned long long>(st.st_size) > maxBytes) {
    result = Status::Fail(rc::kInvalidInput, "超过 " + std::to_string(maxBytes) + " 字节");
  } else {
    out->clear();
    char buf[8192];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        result = Status::Fail(rc::kInvalidInput, std::string("读取失败（") + std::strerror(errno) + "）");
        break;
      }
      if (n == 0) break;
      out->append(buf, static_cast<std::size_t>(n));
      if (out->size() > maxBytes) {  // the file grew while we read it
        result = Status::Fail(rc::kInvalidInput, "超过 " + std::to_string(maxBytes) + " 字节");
        break;
      }
    }
  }
  ::close(fd);
  return result;
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}
#endif

}  // namespace onetrans::file
