#include "check/mini_gateway.h"

#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "caller/sample.h"
#include "catalog/catalog.h"
#include "core/clock.h"
#include "core/json.h"
#include "crypto/crypto.h"
#include "gateway/gateway_harness.h"
#include "platform/mpay.h"
#include "platform/qingyuan.h"
#include "platform/yzt.h"

namespace onetrans::test {
namespace {

constexpr const char* kJson = "application/json; charset=UTF-8";

// The platform's forms of an answer, per route.
struct Forms {
  std::function<std::string(const std::string&)> invalid, unknown, failed;
  std::function<std::string(const json::Value&)> answer;
};

std::string Flat(std::initializer_list<std::pair<const char*, std::string>> fields) {
  json::Document d(rapidjson::kObjectType);
  for (const auto& [k, v] : fields) d.AddMember(json::Str(k, d.GetAllocator()), json::Str(v, d.GetAllocator()), d.GetAllocator());
  return json::Serialize(d);
}

std::string YztSigned(std::initializer_list<std::pair<const char*, std::string>> fields) {
  json::Document d;
  (void)json::Parse(Flat(fields), &d);
  return platform::yzt::Seal(d, kGwYztSecret);
}

bool HasResponseField(const catalog::Interface& itf, const char* name) {
  for (const auto& f : itf.response)
    if (f.name == name) return true;
  return false;
}

void SetText(json::Document& d, const char* name, const std::string& value) { json::Set(d, name, json::Str(value, d.GetAllocator()), d.GetAllocator()); }

// What the HIS said: its reply (the business data), whether it reports success, or a timeout.
struct HisResult {
  bool timedOut = false;
  bool success = true;
  json::Document data;
};

}  // namespace

struct MiniGateway::Impl {
  Flaw flaw;
  MiniHis his;
  httplib::Server server;
  std::thread serving;
  std::string base;

  mutable std::mutex mu;
  std::set<std::string> seqSeen;
  struct Entry {
    std::string fingerprint, answer;
  };
  std::map<std::string, Entry> journal;  // money-moving calls by idempotency key
  std::set<std::string> booked;          // "<api>|<ref>" of the movements the HIS made
  std::map<std::string, int> calls;
  int movements = 0;

  // ---- the HIS ------------------------------------------------------------------------------
  HisResult His(const std::string& route, const catalog::Catalog& cat, const catalog::Interface& itf, const json::Value& request) {
    const std::string& api = itf.code;
    HisResult h;
    {
      std::lock_guard<std::mutex> lock(mu);
      ++calls[api];
    }
    (void)json::Parse(caller::Sample(cat, itf, caller::Side::Response), &h.data);
    // The sample's codes are any text where the catalog lists no values (一帐通 retCode): a
    // HIS that succeeds says so.
    if (json::Find(h.data, "retCode") != nullptr) SetText(h.data, "retCode", "00");
    // A real HIS answers about the request it got: the ids both sides know are echoed.
    for (const char* id : {"traceNoIn", "payOrdId", "medOrgOrd"})
      if (json::Find(request, id) != nullptr && json::Find(h.data, id) != nullptr) SetText(h.data, id, json::Text(request, id));
    bool special = api == "ORG_003" || api == "op_yjj_account_transfer_in";
    if (api == "ORG_001" && his == MiniHis::EchoesSecret) {
      h.success = false;
      (void)json::Parse(Flat({{"ret_code", "01"}, {"ret_msg", std::string("token ") + kGwAmpToken + " / key " + kGwKey + " 无效"}}), &h.data);
      return h;
    }
    if (special && his == MiniHis::Declines) {
      h.success = false;
      (void)json::Parse(route == "amp" ? Flat({{"ret_code", "01"}, {"ret_msg", "余额不足"}, {"result", "fail"}})
                                       : Flat({{"retCode", "01"}, {"retMsg", "余额不足"}}),
                        &h.data);
      return h;
    }
    if (itf.inboundRules.moneyMoving) {
      // A movement: booked under the hospital's reference, with the HIS's own serial and balance.
      std::lock_guard<std::mutex> lock(mu);
      int n = ++movements;
      booked.insert(api + "|" + json::Text(request, itf.inboundRules.ref.c_str()));
      std::string serial = "HIS" + std::to_string(n) + crypto::RandomAlnum(12);
      std::string balance = std::to_string(1000 - n) + ".00";
      for (const char* f : {"call_sn", "callSn"})
        if (HasResponseField(itf, f)) SetText(h.data, f, serial);
      for (const char* f : {"balance", "toCardBalance"})
        if (HasResponseField(itf, f)) SetText(h.data, f, balance);
      if (HasResponseField(itf, "revsToken")) SetText(h.data, "revsToken", "RV" + serial);
    }
    if (special && his == MiniHis::BooksThenTimesOut) h.timedOut = true;
    if (api == "ORG_003" && his == MiniHis::NoResult) h.data.RemoveMember("result");
    if (api == "ORG_003" && his == MiniHis::ResultMaybe) SetText(h.data, "result", "maybe");
    // The settling queries answer from the HIS's books.
    if (api == "ORG_004" || api == "op_query_transfer_in_result") {
      std::string moved = api == "ORG_004" ? "ORG_003|" + json::Text(request, "org_trace_no")
                                           : "op_yjj_account_transfer_in|" + json::Text(request, "traceNoIn");
      bool done;
      {
        std::lock_guard<std::mutex> lock(mu);
        done = booked.count(moved) != 0;
      }
      SetText(h.data, "result", done ? "succ" : api == "ORG_004" ? "fail" : "notfound");
    }
    return h;
  }

  // ---- the gateway's pipeline, once for every route --------------------------------------------
  std::string Process(const std::string& route, const catalog::Catalog& cat, const catalog::Interface& itf, const json::Value& data,
                      const Forms& forms) {
    Status st = flaw == Flaw::SkipsRequestCatalog ? Status::Ok() : cat.Validate(itf, data);
    if (!st.ok()) return forms.invalid(st.message.compare(0, 5, "data.") == 0 ? st.message.substr(5) : st.message);
    bool money = itf.inboundRules.moneyMoving;
    std::string key, fingerprint = json::Canonical(data);
    if (money) {
      key = route + "|" + itf.code;
      for (const auto& k : itf.inboundRules.idempotencyKey) key += "|" + json::Text(data, k.c_str());
      std::lock_guard<std::mutex> lock(mu);
      auto it = journal.find(key);
      if (it != journal.end()) {
        if (it->second.fingerprint != fingerprint && flaw != Flaw::ReplaysChangedRepeat)
          return forms.invalid("同一笔交易不能改变内容重复提交");
        // The flaw ForwardsRepeats: an identical repeat falls through to the HIS once more.
        if (flaw != Flaw::ForwardsRepeats) return it->second.answer;
      }
    }
    HisResult h = His(route, cat, itf, data);
    std::string body;
    if (h.timedOut) {
      bool unknowable = money || itf.inboundRules.decidesMoney;
      body = unknowable && flaw != Flaw::FailsOnTimeout ? forms.unknown("HIS 处理超时") : forms.failed("HIS 处理超时");
    } else if (flaw != Flaw::PassesInvalidReply && !cat.ValidateResponse(itf, h.data, "data", h.success).ok()) {
      body = money ? forms.unknown("HIS 应答不符合接口规范") : forms.failed("HIS 应答不符合接口规范");
    } else {
      body = forms.answer(h.data);
    }
    if (money) {
      std::lock_guard<std::mutex> lock(mu);
      journal[key] = Entry{fingerprint, body};
    }
    return body;
  }

  // ---- the four routes ---------------------------------------------------------------------
  void Qingyuan(const httplib::Request& req, httplib::Response& res) {
    auto reply = [&](const std::string& rtCode, const std::string& msg, const std::string* plain) {
      platform::qingyuan::Reply r{rtCode, msg, plain != nullptr ? std::optional<std::string>(*plain) : std::nullopt};
      res.set_content(platform::qingyuan::BuildReplyBody(r, kGwKey), kJson);
    };
    json::Document env;
    if (!json::Parse(req.body, &env).ok() || !env.IsObject()) return reply("4000", "报文错误：不是JSON对象", nullptr);
    if (json::Text(env, "platformId") != kGwPlatformId) return reply("4104", "无效平台方", nullptr);
    std::string plaintext;
    if (flaw == Flaw::SkipsSignature) {
      // The flaw: encData decrypted and served, signData never looked at.
      crypto::Bytes bytes;
      if (!crypto::HexDecode(json::Text(env, "encData"), &bytes) ||
          !crypto::Sm4EcbDecryptInPlace(std::string(kGwKey).substr(0, 16), &bytes).ok())
        return reply("4000", "报文错误：encData 解密失败", nullptr);
      plaintext = bytes;
    } else {
      platform::qingyuan::Incoming in;
      if (!platform::qingyuan::OpenRequest(req.body, kGwKey, &in).ok() || !in.opened.plaintext)
        return reply("4000", "报文错误：签名验证失败", nullptr);
      plaintext = *in.opened.plaintext;
    }
    long long when = clock::Parse(json::Text(env, "platformTransDate") + json::Text(env, "platformTransTime"), "%Y%m%d%H%M%S");
    if (flaw != Flaw::IgnoresClock && when < 0) return reply("4000", "报文错误：时间格式", nullptr);
    if (flaw != Flaw::IgnoresClock && std::llabs(static_cast<long long>(std::time(nullptr)) - when) > 300) return reply("4000", "报文错误：时间超差", nullptr);
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!seqSeen.insert(json::Text(env, "platformSeqId")).second && flaw != Flaw::ForgetsSeqIds) return reply("4008", "域已存在：platformSeqId 重复", nullptr);
    }
    const catalog::Interface* itf = catalog::Qingyuan().Find(json::Text(env, "transCode"));
    json::Document data;
    if (itf == nullptr || !itf->inbound || !json::Parse(plaintext, &data).ok() || !data.IsObject())
      return reply("4000", "报文错误", nullptr);
    Forms forms;
    forms.invalid = [&](const std::string& why) {
      platform::qingyuan::Reply r{"4000", "报文错误：" + why, std::nullopt};
      return platform::qingyuan::BuildReplyBody(r, kGwKey);
    };
    forms.unknown = forms.failed = [&](const std::string& why) {
      platform::qingyuan::Reply r{"9999", "未知错误：" + why, std::nullopt};
      return platform::qingyuan::BuildReplyBody(r, kGwKey);
    };
    forms.answer = [&](const json::Value& d) {
      platform::qingyuan::Reply r{"0000", "交易成功", json::Serialize(d)};
      return platform::qingyuan::BuildReplyBody(r, kGwKey);
    };
    res.set_content(Process("qingyuan", catalog::Qingyuan(), *itf, data, forms), kJson);
  }

  // amp / mpay sign nothing: the token is all the access control there is (HTTP 403 without it).
  bool Admitted(const httplib::Request& req, const char* token, httplib::Response& res) const {
    if (flaw == Flaw::IgnoresToken || req.get_header_value("X-OneTrans-Token") == token) return true;
    res.status = 403;
    res.set_content(R"({"error":"forbidden"})", kJson);
    return false;
  }

  void Amp(const std::string& suffix, const httplib::Request& req, httplib::Response& res) {
    if (!Admitted(req, kGwAmpToken, res)) return;
    const catalog::Interface* itf = catalog::Amp().FindByPath(suffix, true);
    json::Document data;
    if (itf == nullptr || !json::Parse(req.body, &data).ok() || !data.IsObject())
      return res.set_content(Flat({{"ret_code", "02"}, {"ret_msg", "请求无效"}}), kJson);
    bool hasResult = HasResponseField(*itf, "result");
    Forms forms;
    forms.invalid = [](const std::string& why) { return Flat({{"ret_code", "02"}, {"ret_msg", why}}); };
    forms.unknown = [](const std::string& why) { return Flat({{"ret_code", "99"}, {"ret_msg", why}, {"result", "exp"}}); };
    forms.failed = [hasResult](const std::string& why) {
      return hasResult ? Flat({{"ret_code", "01"}, {"ret_msg", why}, {"result", "fail"}}) : Flat({{"ret_code", "01"}, {"ret_msg", why}});
    };
    forms.answer = [](const json::Value& d) { return json::Serialize(d); };
    res.set_content(Process("amp", catalog::Amp(), *itf, data, forms), kJson);
  }

  void Yzt(const httplib::Request& req, httplib::Response& res) {
    json::Document body;
    if (!json::Parse(req.body, &body).ok() || !body.IsObject())
      return res.set_content(YztSigned({{"retCode", "02"}, {"retMsg", "报文不是JSON对象"}}), kJson);
    if (flaw != Flaw::SkipsSignature && !platform::yzt::Verify(req.body, kGwYztSecret).ok())
      return res.set_content(YztSigned({{"retCode", "02"}, {"retMsg", "签名错误"}}), kJson);
    const catalog::Interface* itf = catalog::Yzt().Find(json::Text(body, "method"));
    if (itf == nullptr || !itf->inbound) return res.set_content(YztSigned({{"retCode", "02"}, {"retMsg", "未知的 method"}}), kJson);
    body.RemoveMember("sign");
    body.RemoveMember("method");
    Forms forms;
    forms.invalid = [](const std::string& why) { return YztSigned({{"retCode", "02"}, {"retMsg", why}}); };
    forms.unknown = [](const std::string& why) { return YztSigned({{"retCode", "99"}, {"retMsg", why}}); };
    forms.failed = [](const std::string& why) { return YztSigned({{"retCode", "01"}, {"retMsg", why}}); };
    forms.answer = [](const json::Value& d) { return platform::yzt::Seal(d, kGwYztSecret); };
    res.set_content(Process("yzt", catalog::Yzt(), *itf, body, forms), kJson);
  }

  void Mpay(const std::string& suffix, const httplib::Request& req, httplib::Response& res) {
    if (!Admitted(req, kGwMpayToken, res)) return;
    const catalog::Interface* itf = catalog::Mpay().FindByPath(suffix, true);
    json::Document data;
    if (itf == nullptr || !json::Parse(req.body, &data).ok() || !data.IsObject() ||
        !platform::mpay::TrimKeys(&data, data.GetAllocator()).ok())
      return res.set_content(platform::mpay::Reply(-1, "请求无效", nullptr), kJson);
    Forms forms;
    forms.invalid = forms.failed = [](const std::string& why) { return platform::mpay::Reply(-1, why, nullptr); };
    forms.unknown = [](const std::string& why) { return platform::mpay::Reply(-1, "结算结果未知（" + why + "），请查询", nullptr); };
    forms.answer = [](const json::Value& d) { return platform::mpay::Reply(0, "", &d); };
    res.set_content(Process("mpay", catalog::Mpay(), *itf, data, forms), kJson);
  }
};

MiniGateway::MiniGateway(Flaw flaw, MiniHis his) : impl_(std::make_unique<Impl>()) {
  Impl* m = impl_.get();
  m->flaw = flaw;
  m->his = his;
  m->server.Post("/qingyuan", [m](const httplib::Request& req, httplib::Response& res) { m->Qingyuan(req, res); });
  m->server.Post("/yzt", [m](const httplib::Request& req, httplib::Response& res) { m->Yzt(req, res); });
  m->server.Post(R"(/amp/([A-Za-z0-9_]+))", [m](const httplib::Request& req, httplib::Response& res) { m->Amp(req.matches[1].str(), req, res); });
  m->server.Post(R"(/mpay/([A-Za-z0-9_]+))", [m](const httplib::Request& req, httplib::Response& res) { m->Mpay(req.matches[1].str(), req, res); });
  int port = m->server.bind_to_any_port("127.0.0.1");
  if (port <= 0) throw std::runtime_error("mini gateway: no port on 127.0.0.1");
  m->base = "http://127.0.0.1:" + std::to_string(port);
  m->serving = std::thread([m] { m->server.listen_after_bind(); });
  while (!m->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

MiniGateway::~MiniGateway() {
  impl_->server.stop();
  impl_->serving.join();
}

const std::string& MiniGateway::base() const { return impl_->base; }

int MiniGateway::hisCalls(const std::string& api) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->calls.find(api);
  return it == impl_->calls.end() ? 0 : it->second;
}

}  // namespace onetrans::test
