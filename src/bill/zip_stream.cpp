// Reading one member of a bill archive as a stream of lines, within the configured bounds.
#include <zip.h>

#include <memory>

#include "bill/bill.h"
#include "core/json.h"

namespace onetrans::bill {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// Cuts a byte stream into lines: a line longer than maxLineBytes is an error naming it.
class Lines {
 public:
  Lines(LineParser& parser, const std::string& file, const BillConfig& limits) : parser_(parser), file_(file), limits_(limits) {}

  Status Feed(std::string_view chunk) {
    while (!chunk.empty()) {
      auto nl = chunk.find('\n');
      std::string_view piece = chunk.substr(0, nl);
      if (pending_.size() + piece.size() > limits_.maxLineBytes)
        return Status::Fail(rc::kBadBill, file_ + " 第" + std::to_string(lineNo_ + 1) + "行：超过 " +
                                              std::to_string(limits_.maxLineBytes) + " 字节（bill.maxLineBytes）");
      pending_.append(piece);
      if (nl == std::string_view::npos) return Status::Ok();
      Status st = Flush();
      if (!st.ok()) return st;
      chunk.remove_prefix(nl + 1);
    }
    return Status::Ok();
  }

  Status Flush() {
    ++lineNo_;
    if (!pending_.empty() && pending_.back() == '\r') pending_.pop_back();
    Status st = parser_.Line(pending_, lineNo_);
    pending_.clear();
    return st;
  }

  Result<Bill> Finish() {
    if (!pending_.empty()) {
      Status st = Flush();
      if (!st.ok()) return st;
    }
    return parser_.Finish();
  }

 private:
  LineParser& parser_;
  const std::string& file_;
  const BillConfig& limits_;
  std::string pending_;
  std::size_t lineNo_ = 0;
};

}  // namespace

Result<Bill> ParseText(std::string_view text, LineParser& parser, const std::string& file, const BillConfig& limits) {
  if (text.size() > limits.maxBytes)
    return Status::Fail(rc::kBadBill, file + "：超过 " + std::to_string(limits.maxBytes) + " 字节（bill.maxBytes）");
  Lines lines(parser, file, limits);
  Status st = lines.Feed(text);
  if (!st.ok()) return st;
  return lines.Finish();
}

Result<Bill> ParseZipMember(std::string_view zip, const std::string& label, const MemberPicker& pick,
                            const std::function<std::unique_ptr<LineParser>(const std::string& name)>& parserFor,
                            const BillConfig& limits) {
  auto fail = [&](const std::string& why) { return Status::Fail(rc::kBadBill, label + "：" + why); };
  if (zip.empty()) return fail("压缩文件为空");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(zip.data(), zip.size(), 0, &err);
  if (src == nullptr) return fail("无法读取压缩文件");
  std::unique_ptr<zip_t, ZipCloser> za(zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err));
  if (!za) {
    zip_source_free(src);
    std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    return fail("不是有效的zip压缩文件（" + why + "）");
  }
  std::vector<std::string> names;
  std::vector<zip_uint64_t> indexes;
  zip_int64_t n = zip_get_num_entries(za.get(), 0);
  for (zip_int64_t i = 0; i < n && names.size() < 10000; ++i) {
    const char* name = zip_get_name(za.get(), static_cast<zip_uint64_t>(i), 0);
    if (name == nullptr) continue;
    std::string s(name);
    if (!s.empty() && s.back() == '/') continue;
    names.push_back(std::move(s));
    indexes.push_back(static_cast<zip_uint64_t>(i));
  }
  if (names.empty()) return fail("压缩文件内没有文件");
  int picked = pick(names);
  if (picked < 0 || static_cast<std::size_t>(picked) >= names.size()) {
    std::string listed;
    for (std::size_t i = 0; i < names.size() && i < 5; ++i) listed += (i ? "、" : "") + Quote(names[i]);
    return fail("压缩文件中没有所需的对账文件（其中有：" + listed + (names.size() > 5 ? "…" : "") + "）");
  }
  const std::string& name = names[static_cast<std::size_t>(picked)];
  std::unique_ptr<zip_file_t, FileCloser> f(zip_fopen_index(za.get(), indexes[static_cast<std::size_t>(picked)], 0));
  if (!f) return fail(Quote(name) + " 无法解压（文件损坏或加密）");
  auto parser = parserFor(name);
  Lines lines(*parser, name, limits);
  std::size_t total = 0;
  std::string buf(64 * 1024, '\0');
  for (;;) {
    zip_int64_t got = zip_fread(f.get(), buf.data(), buf.size());
    if (got < 0) return fail(Quote(name) + " 解压失败（文件损坏）");
    if (got == 0) break;
    total += static_cast<std::size_t>(got);
    if (total > limits.maxBytes)
      return fail(Quote(name) + " 解压后超过 " + std::to_string(limits.maxBytes) + " 字节（bill.maxBytes）");
    Status st = lines.Feed(std::string_view(buf.data(), static_cast<std::size_t>(got)));
    if (!st.ok()) return st;
  }
  return lines.Finish();
}

std::string Quote(std::string_view value) { return "\"" + json::Utf8Prefix(value, 40) + "\""; }

}  // namespace onetrans::bill
