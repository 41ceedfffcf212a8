#include "abi/host_text.h"

#include "core/charset.h"
#include "core/json.h"

namespace onetrans::abi {
namespace {

std::string Convert(std::string utf8, bool gbk) { return gbk ? charset::Utf8JsonToGbk(utf8) : utf8; }

// A refusal that was decided locally: nothing was sent, so nothing was processed.
bool LocalRefusal(const HostAnswer& a) {
  return a.origin == Origin::kLocal && a.code != static_cast<int>(Code::kOk) && a.code != static_cast<int>(Code::kOutcomeUnknown);
}

}  // namespace

Result<std::string_view> FromHost(std::string_view in, bool gbk, std::string* converted) {
  if (gbk) {
    auto utf8 = charset::GbkToUtf8(in);
    if (!utf8.ok()) return utf8.status;
    *converted = std::move(utf8.value);
    return std::string_view(*converted);
  }
  Status valid = charset::CheckUtf8(in);
  if (!valid.ok()) return valid;
  return in;
}

HostAnswer ToHost(Outcome o, bool gbk, std::size_t outBufferSize) {
  HostAnswer a;
  a.code = o.code;
  a.origin = o.origin;
  a.gbk = gbk;
  a.outBufferSize = outBufferSize;
  a.text = Convert(std::move(o.json), gbk);
  a.message = o.code == 0 ? std::string() : Convert(std::move(o.message), gbk);
  return a;
}

Fitted Fit(const HostAnswer& a, std::size_t cap) {
  if (a.text.size() + 1 <= cap) return {a.text, a.code};
  if (LocalRefusal(a)) {
    // The same refusal, its message cut (whole characters) until the answer fits.
    json::Document d;
    int businessCode = -1;
    std::string message;
    std::string utf8 = a.gbk ? charset::GbkToUtf8(a.text).value : a.text;
    if (json::Parse(utf8, &d).ok() && d.IsObject()) {
      if (const json::Value* c = json::Find(d, "code"); c != nullptr && c->IsInt()) businessCode = c->GetInt();
      message = json::GetStringOr(d, "message", "");
    }
    std::size_t chars = json::Utf8Length(message);
    while (true) {
      std::string cut = json::Utf8Prefix(message, chars);
      std::string text =
          Convert(Output(businessCode, cut, Origin::kLocal).Value("data", nullptr).Finish(a.code, Origin::kLocal).json, a.gbk);
      if (text.size() + 1 <= cap) return {text, a.code};
      if (chars == 0) break;
      chars = chars > 8 ? chars - chars / 8 : chars - 1;
    }
    std::string bare = "{\"code\":" + std::to_string(businessCode) + ",\"origin\":\"local\"}";
    if (bare.size() + 1 <= cap) return {bare, a.code};
    return {"{}", a.code};  // cap is at least 64, so this is not reached
  }
  // The request was processed: say so, and how to fetch the answer without doing it again.
  std::string small =
      "{\"code\":-1,\"message\":\"buffer too small (" + std::to_string(cap) +
      "): the request WAS processed. Call again with the same request and a buffer of 'required' bytes (a payment is "
      "answered from the journal, never sent twice), or raise abi.outBufferSize\",\"origin\":\"local\",\"data\":null,\"required\":" +
      std::to_string(a.text.size() + 1) + "}";
  if (small.size() + 1 > cap) small = "{\"code\":-1,\"data\":null,\"required\":" + std::to_string(a.text.size() + 1) + "}";
  return {small, static_cast<int>(Code::kBufferTooSmall)};
}

}  // namespace onetrans::abi
