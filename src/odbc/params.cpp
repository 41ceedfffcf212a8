#include "odbc/params.h"

#include <cctype>

namespace onetrans::odbc {
namespace {

bool IdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool IdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

class Scanner {
 public:
  Scanner(std::string_view sql, Dialect d) : s_(sql), d_(d) {}

  Result<BoundSql> Run() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      Status st = Status::Ok();
      if (c == '\'') {
        st = Quoted('\'', Backslashes());
      } else if (c == '"') {
        st = Quoted('"', d_ == Dialect::kMySql);  // MySQL: a string; elsewhere an identifier
      } else if (c == '`' && d_ == Dialect::kMySql) {
        st = Quoted('`', false);
      } else if ((c == 'E' || c == 'e') && d_ == Dialect::kPostgres && At(1) == '\'' && !AfterIdent()) {
        Copy(1);
        st = Quoted('\'', true);
      } else if (c == '$' && d_ == Dialect::kPostgres && !AfterIdent() && DollarTag()) {
        st = DollarQuoted();
      } else if (c == '-' && At(1) == '-' && (d_ != Dialect::kMySql || DashCommentInMySql())) {
        LineComment();
      } else if (c == '#' && d_ == Dialect::kMySql) {
        LineComment();
      } else if (c == '/' && At(1) == '*') {
        st = BlockComment();
      } else if (c == ':' && At(1) == ':') {
        Copy(2);  // a cast, never a parameter
      } else if (c == ':' && IdentStart(At(1))) {
        Parameter();
      } else if (c == '?') {
        return Status::Fail(rc::kInvalidInput, "SQL语句第 " + std::to_string(i_ + 1) +
                                                   " 个字符处有 ?：参数请写作 :名称（如 :traceNoIn），按名称绑定");
      } else {
        Copy(1);
      }
      if (!st.ok()) return st;
    }
    return std::move(out_);
  }

 private:
  char At(std::size_t ahead) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
  bool AfterIdent() const { return i_ > 0 && (IdentChar(s_[i_ - 1]) || s_[i_ - 1] == '$'); }
  bool Backslashes() const { return d_ == Dialect::kMySql; }
  void Copy(std::size_t n) {
    out_.sql.append(s_.substr(i_, n));
    i_ += n;
  }

  Status Unterminated(const char* what, std::size_t from) const {
    return Status::Fail(rc::kInvalidInput, std::string("SQL语句中的") + what + "未结束（自第 " + std::to_string(from + 1) + " 个字符起）");
  }

  // A quoted string or identifier; the quote doubled stands for itself.
  Status Quoted(char quote, bool backslashEscapes) {
    std::size_t from = i_;
    Copy(1);
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (backslashEscapes && c == '\\') {
        Copy(i_ + 1 < s_.size() ? 2 : 1);
      } else if (c == quote && At(1) == quote) {
        Copy(2);
      } else if (c == quote) {
        Copy(1);
        return Status::Ok();
      } else {
        Copy(1);
      }
    }
    return Unterminated(quote == '\'' ? "字符串" : "带引号的名称", from);
  }

  // PostgreSQL's $tag$ … $tag$ (tag possibly empty); $1 is a positional parameter, not a tag.
  bool DollarTag() {
    std::size_t j = i_ + 1;
    if (j < s_.size() && s_[j] == '$') {
      tag_ = "$$";
      return true;
    }
    if (j >= s_.size() || !IdentStart(s_[j])) return false;
    while (j < s_.size() && IdentChar(s_[j])) ++j;
    if (j >= s_.size() || s_[j] != '$') return false;
    tag_ = std::string(s_.substr(i_, j - i_ + 1));
    return true;
  }

  Status DollarQuoted() {
    std::size_t from = i_;
    std::size_t end = s_.find(tag_, i_ + tag_.size());
    if (end == std::string_view::npos) return Unterminated("$$字符串", from);
    Copy(end + tag_.size() - i_);
    return Status::Ok();
  }

  // MySQL: "--" starts a comment only when a blank or control character follows.
  bool DashCommentInMySql() const {
    char next = At(2);
    return next == '\0' || static_cast<unsigned char>(next) <= ' ';
  }

  void LineComment() {
    std::size_t end = s_.find('\n', i_);
    Copy(end == std::string_view::npos ? s_.size() - i_ : end - i_);
  }

  // PostgreSQL nests block comments; the others end at the first "*/".
  Status BlockComment() {
    std::size_t from = i_;
    int depth = 0;
    while (i_ < s_.size()) {
      if (s_[i_] == '/' && At(1) == '*' && (depth == 0 || d_ == Dialect::kPostgres)) {
        ++depth;
        Copy(2);
      } else if (s_[i_] == '*' && At(1) == '/') {
        Copy(2);
        if (--depth == 0) return Status::Ok();
      } else {
        Copy(1);
      }
    }
    return Unterminated("注释", from);
  }

  void Parameter() {
    std::size_t j = i_ + 1;
    while (j < s_.size() && IdentChar(s_[j])) ++j;
    out_.names.emplace_back(s_.substr(i_ + 1, j - i_ - 1));
    out_.sql += '?';
    i_ = j;
  }

  std::string_view s_;
  Dialect d_;
  std::size_t i_ = 0;
  std::string tag_;
  BoundSql out_;
};

}  // namespace

Dialect DialectOf(std::string_view dbmsName) {
  std::string lower;
  for (char c : dbmsName) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("postgres") != std::string::npos) return Dialect::kPostgres;
  if (lower.find("mariadb") != std::string::npos || lower.find("mysql") != std::string::npos) return Dialect::kMySql;
  return Dialect::kStandard;
}

Result<BoundSql> BindNames(std::string_view sql, Dialect dialect) { return Scanner(sql, dialect).Run(); }

}  // namespace onetrans::odbc
