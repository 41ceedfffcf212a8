#include "platform/qingyuan.h"
#include "core/clock.h"

#include <chrono>
#include <ctime>

#include "crypto/crypto.h"

namespace onetrans::platform::qingyuan {
envelope::Rules Rules(std::string_view accessKey) {
  return envelope::Rules{{"signData", "encData", "extendParmas"}, envelope::KeyPrefix16(accessKey), std::string(accessKey)};
}

Result<std::string> BuildRequestBody(const Request& r, std::string_view accessKey) {
  envelope::Fields fields = {{"encType", "SM4"},
                             {"platformId", r.platformId},
                             {"platformSeqId", r.platformSeqId},
                             {"platformTransDate", r.platformTransDate},
                             {"platformTransTime", r.platformTransTime},
                             {"signType", "SM3"},
                             {"transCode", r.transCode},
                             {"version", r.version}};
  const envelope::Rules rules = Rules(accessKey);
  envelope::Sealed sealed = envelope::Seal(fields, r.plaintext, rules);
  envelope::BodyWriter w(sealed.encDataSize + 512);
  if (Status st = w.EncData("encData", r.plaintext, rules); !st.ok()) return st;
  w.Text("encType", "SM4");
  if (r.extendParmas) w.Text("extendParmas", *r.extendParmas);
  w.Text("platformId", r.platformId).Text("platformSeqId", r.platformSeqId).Text("platformTransDate", r.platformTransDate)
      .Text("platformTransTime", r.platformTransTime).Hex("signData", sealed.signData).Text("signType", "SM3")
      .Text("transCode", r.transCode).Text("version", r.version);
  return w.Finish();
}

Result<Reply> OpenReply(std::string_view body, std::string_view accessKey) {
  envelope::Opened opened;
  Status st = envelope::Open(body, Rules(accessKey), &opened);
  if (!st.ok()) return st;
  Reply r;
  r.rtCode = json::Text(opened.fields, "rtCode");
  r.rtMsg = json::Text(opened.fields, "rtMsg");
  if (r.rtCode.empty()) return Status::Fail(rc::kTransport, "应答缺少 rtCode");
  r.plaintext = std::move(opened.plaintext);
  return r;
}

std::string BuildReplyBody(const Reply& r, std::string_view accessKey) {
  envelope::Fields fields = {{"encType", "SM4"}, {"rtCode", r.rtCode}, {"rtMsg", r.rtMsg}, {"signType", "SM3"}};
  const envelope::Rules rules = Rules(accessKey);
  envelope::Sealed sealed = envelope::Seal(fields, r.plaintext, rules);
  envelope::BodyWriter w(sealed.encDataSize + 256);
  // The key is always 16 bytes here, so encryption cannot fail.
  if (r.plaintext) (void)w.EncData("encData", *r.plaintext, rules);
  w.Text("encType", "SM4").Text("rtCode", r.rtCode).Text("rtMsg", r.rtMsg).Hex("signData", sealed.signData)
      .Text("signType", "SM3");
  return w.Finish();
}

Status OpenRequest(std::string_view body, std::string_view accessKey, Incoming* out) {
  Status st = envelope::Open(body, Rules(accessKey), &out->opened);
  if (!st.ok()) return st;
  const json::Value& f = out->opened.fields;
  out->transCode = json::Text(f, "transCode");
  out->platformId = json::Text(f, "platformId");
  out->platformSeqId = json::Text(f, "platformSeqId");
  out->platformTransDate = json::Text(f, "platformTransDate");
  out->platformTransTime = json::Text(f, "platformTransTime");
  out->version = json::Text(f, "version");
  return Status::Ok();
}

void LocalDateTime(std::string* date, std::string* time) {
  std::time_t now = std::time(nullptr);
  *date = clock::Format("%Y%m%d", now);
  *time = clock::Format("%H%M%S", now);
}

std::string NewPlatformSeqId() {
  std::string date, time;
  LocalDateTime(&date, &time);
  return date + time + crypto::RandomAlnum(18);
}

bool IsValidPlatformSeqId(std::string_view id) {
  if (id.size() < 8 || id.size() > 40) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

}  // namespace onetrans::platform::qingyuan
