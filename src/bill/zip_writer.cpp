#include "bill/zip_writer.h"

#include <zip.h>

#include <cstdio>

namespace onetrans::bill {

std::optional<std::string> ZipOne(const std::string& memberName, const std::string& content) {
  return ZipMany({{memberName, content}});
}

std::optional<std::string> ZipMany(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (src == nullptr) return std::nullopt;
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  if (za == nullptr) {
    zip_source_free(src);
    return std::nullopt;
  }
  for (const auto& [name, content] : members) {
    zip_source_t* file = zip_source_buffer(za, content.data(), content.size(), 0);
    if (file == nullptr || zip_file_add(za, name.c_str(), file, ZIP_FL_ENC_UTF_8) < 0) {
      if (file != nullptr) zip_source_free(file);
      zip_discard(za);
      zip_source_free(src);
      return std::nullopt;
    }
  }
  if (zip_close(za) < 0) {
    zip_discard(za);
    zip_source_free(src);
    return std::nullopt;
  }
  std::string out;
  if (zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    out.resize(static_cast<std::size_t>(size));
    zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size));
    zip_source_close(src);
  }
  zip_source_free(src);
  return out;
}

}  // namespace onetrans::bill
