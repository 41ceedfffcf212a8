#include <zip.h>

#include "bill/bill.h"

namespace onetrans::bill {

Result<std::vector<Member>> Unzip(std::string_view zip, const std::string& label) {
  auto fail = [&](const std::string& why) { return Status::Fail(rc::kBadBill, label + "：" + why); };
  if (zip.empty()) return fail("压缩文件为空");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(zip.data(), zip.size(), 0, &err);
  if (src == nullptr) return fail("无法读取压缩文件");
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (za == nullptr) {
    zip_source_free(src);
    std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    return fail("不是有效的zip压缩文件（" + why + "）");
  }
  std::vector<Member> out;
  zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    std::string name = st.name;
    if (!name.empty() && name.back() == '/') continue;
    if (st.size > (256u << 20)) {
      zip_close(za);
      return fail(name + " 解压后超过256MB");
    }
    Member m{name, std::string(st.size, '\0')};
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    zip_int64_t got = f != nullptr ? zip_fread(f, m.bytes.data(), st.size) : -1;
    if (f != nullptr) zip_fclose(f);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
      zip_close(za);
      return fail(name + " 解压失败（文件损坏）");
    }
    out.push_back(std::move(m));
  }
  zip_close(za);
  if (out.empty()) return fail("压缩文件内没有文件");
  return out;
}

}  // namespace onetrans::bill
