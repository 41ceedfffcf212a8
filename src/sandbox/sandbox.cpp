#include "sandbox/sandbox.h"

#include <httplib.h>

#include <chrono>

#include "catalog/catalog.h"
#include "core/json.h"
#include "crypto/crypto.h"
#include "sandbox/amp_sim.h"
#include "sandbox/hospital_caller.h"
#include "sandbox/qingyuan_sim.h"

namespace onetrans::sandbox {
namespace {

// Damages one hex field of a JSON answer so that it no longer verifies / decrypts.
std::string Corrupt(const std::string& body, const char* field, const char* replacement) {
  json::Document d;
  if (!json::Parse(body, &d).ok() || !d.IsObject() || json::Find(d, field) == nullptr) return body;
  std::string v = json::GetStringOr(d, field, "");
  json::Set(d, field, json::Str(replacement + v.substr(std::min<std::size_t>(v.size(), 4)), d.GetAllocator()), d.GetAllocator());
  return json::Serialize(d);
}

// Answers a gateway request as the pending fault says; `process` runs the simulator.
template <typename Process>
void Serve(const Sandbox::Pending& p, httplib::Response& res, Process process, const std::string& duplicateRefusal) {
  switch (p.fault) {
    case Fault::DropBeforeRead:
    case Fault::DropAfterRead: {
      if (p.fault == Fault::DropAfterRead) process();
      // Announce a body, then stop: the client sees the connection die mid-answer.
      res.set_content_provider(64, "application/json", [](size_t, size_t, httplib::DataSink&) { return false; });
      return;
    }
    case Fault::Http500:
      res.status = 500;
      res.set_content("internal error", "text/plain");
      return;
    case Fault::NonJson:
      res.set_content("<html><body>502 Bad Gateway</body></html>", "text/html");
      return;
    case Fault::DuplicateSeq:
      if (!duplicateRefusal.empty()) {
        res.set_content(duplicateRefusal, "application/json; charset=UTF-8");
        return;
      }
      break;
    default:
      break;
  }
  std::string body = process();
  if (p.fault == Fault::Slow) std::this_thread::sleep_for(std::chrono::milliseconds(p.delayMs));
  if (p.fault == Fault::BadSignature) body = Corrupt(body, "signData", "0BAD");
  if (p.fault == Fault::BadEncData) body = Corrupt(body, "encData", "ZZ");
  res.set_content(body, "application/json; charset=UTF-8");
}

}  // namespace

bool ParseFault(const std::string& name, Fault* out) {
  static const std::map<std::string, Fault> names = {
      {"none", Fault::None},          {"drop-before-read", Fault::DropBeforeRead}, {"drop-after-read", Fault::DropAfterRead},
      {"slow", Fault::Slow},          {"http-500", Fault::Http500},                {"non-json", Fault::NonJson},
      {"bad-signature", Fault::BadSignature}, {"bad-encdata", Fault::BadEncData},  {"duplicate-seq", Fault::DuplicateSeq}};
  auto it = names.find(name);
  if (it == names.end()) return false;
  *out = it->second;
  return true;
}

Sandbox::Sandbox(Options opts) : opts_(std::move(opts)) {
  if (opts_.qingyuan.platformId.empty()) opts_.qingyuan.platformId = kDefaultPlatformId;
  if (opts_.qingyuan.key.empty()) opts_.qingyuan.key = kDefaultKey;
}

Sandbox::~Sandbox() { Stop(); }

std::string Sandbox::baseUrl() const {
  return std::string(opts_.tlsCert.empty() ? "http" : "https") + "://" + opts_.host + ":" + std::to_string(port_);
}

long Sandbox::requests(const std::string& api) const {
  std::lock_guard<std::mutex> lock(mu_);
  long n = 0;
  for (const auto& [k, v] : arrivals_)
    if (api == "*" || k == api) n += v;
  return n;
}

void Sandbox::InjectFault(const std::string& api, Fault fault, int count, long delayMs) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_[api] = Pending{fault, count, delayMs};
}

void Sandbox::ClearFaults() {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.clear();
}

Sandbox::Pending Sandbox::Arrive(const std::string& api) {
  std::lock_guard<std::mutex> lock(mu_);
  ++arrivals_[api];
  for (const std::string& key : {api, std::string("*")}) {
    auto it = faults_.find(key);
    if (it == faults_.end() || it->second.count <= 0) continue;
    Pending p = it->second;
    if (--it->second.count == 0) faults_.erase(it);
    return p;
  }
  return Pending{Fault::None, 0, 0};
}

Status Sandbox::Start() {
  // Like a real gateway: kept-alive connections serve many requests; hostile clients are bounded.
  server_ = std::make_unique<server::Server>(opts_.limits);
  httplib::Server& routes = server_->routes();
  routes.Post("/qingyuan/gateway", [this](const httplib::Request& req, httplib::Response& res) {
    json::Document peek;
    std::string api = json::Parse(req.body, &peek).ok() ? json::GetStringOr(peek, "transCode", "?") : "?";
    Serve(Arrive(api), res, [&] { return qingyuan_->Handle(req.body); },
          qingyuan_->Refuse("4008", "域已存在：请求流水号重复了"));
  });
  routes.Post(R"(/api/amp/hos/([A-Za-z]+))", [this](const httplib::Request& req, httplib::Response& res) {
    const catalog::Interface* itf = catalog::Amp().FindByPath(req.matches[1].str());
    Serve(Arrive(itf != nullptr ? itf->code : "?"), res, [&] { return amp_->Handle(req.matches[1], req.body); }, "");
  });
  routes.Get("/qingyuan/h5/sign", [this](const httplib::Request& req, httplib::Response& res) {
    bool ok = qingyuan_->SignByH5(req.get_param_value("idNo"));
    res.status = ok ? 200 : 404;
    res.set_content(ok ? "签约成功" : "签约失败：用户不存在或已冻结", "text/plain; charset=UTF-8");
  });
  routes.Get(R"(/qingyuan/bill/([A-Za-z0-9]+)_(\d{8})\.zip)", [this](const httplib::Request& req, httplib::Response& res) {
    if (req.matches[1] != opts_.qingyuan.platformId) { res.status = 404; return; }
    auto zip = qingyuan_->BillZip(req.matches[2]);
    if (!zip) { res.status = 500; return; }
    res.set_content(*zip, "application/zip");
  });
  routes.Get(R"(/api/amp/bill/([A-Za-z0-9]+)\.zip)", [this](const httplib::Request& req, httplib::Response& res) {
    bool gone = false;
    auto zip = amp_->BillFile(req.matches[1], &gone);
    if (!zip) {
      res.status = gone ? 410 : 404;
      res.set_content(gone ? "下载地址已过期" : "无此文件", "text/plain; charset=UTF-8");
      return;
    }
    res.set_content(*zip, "application/zip");
  });
  routes.Get("/sandbox/amp/settlement", [this](const httplib::Request& req, httplib::Response& res) {
    std::string json = amp_->SettlementJson(req.get_param_value("medOrgOrd"));
    res.status = json.empty() ? 404 : 200;
    res.set_content(json, "application/json; charset=UTF-8");
  });
  routes.Get("/sandbox/amp/pushes", [this](const httplib::Request& req, httplib::Response& res) {
    res.set_content(amp_->PushesJson(req.get_param_value("medOrgOrd")), "application/json; charset=UTF-8");
  });
  routes.Get("/sandbox/stats", [this](const httplib::Request& req, httplib::Response& res) {
    std::string api = req.has_param("api") ? req.get_param_value("api") : "*";
    res.set_content("{\"requests\":" + std::to_string(requests(api)) + "}", "application/json");
  });
  routes.Post("/sandbox/faults", [this](const httplib::Request& req, httplib::Response& res) {
    json::Document d;
    Fault f = Fault::None;
    if (!json::Parse(req.body, &d).ok() || !ParseFault(json::GetStringOr(d, "mode", ""), &f)) {
      res.status = 400;
      res.set_content("mode: none drop-before-read drop-after-read slow http-500 non-json bad-signature bad-encdata duplicate-seq",
                      "text/plain");
      return;
    }
    const json::Value* count = json::Find(d, "count");
    const json::Value* delay = json::Find(d, "delayMs");
    InjectFault(json::GetStringOr(d, "api", "*"), f, count != nullptr && count->IsInt() ? count->GetInt() : 1,
                delay != nullptr && delay->IsInt() ? delay->GetInt() : 1500);
    res.set_content("{\"ok\":true}", "application/json");
  });
  routes.Delete("/sandbox/faults", [this](const httplib::Request&, httplib::Response& res) {
    ClearFaults();
    res.set_content("{\"ok\":true}", "application/json");
  });
  // The simulators need the address they are reached at (forwardUrl, bill links): made once the
  // port is bound, before any request is served.
  routes.Get("/sandbox/inbound", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(hospital_->Json(), "application/json; charset=UTF-8");
  });
  // Starts a flow of calls into the hospital: {"flow":"amp|qingyuan|yzt|mpay","hospitalUrl":"…"}.
  routes.Post("/sandbox/drive", [this](const httplib::Request& req, httplib::Response& res) {
    json::Document d;
    std::string flow = json::Parse(req.body, &d).ok() ? json::GetStringOr(d, "flow", "") : "";
    std::string url = json::GetStringOr(d, "hospitalUrl", "");
    if (url.empty() && !hospital_->enabled()) {
      res.status = 400;
      res.set_content(R"({"error":"no hospitalUrl: set [sandbox] hospitalUrl or pass one"})", "application/json");
      return;
    }
    std::string id = "DRV" + crypto::RandomAlnum(10);
    if (flow == "amp") {
      hospital_->AmpPaid({"H35010200227", "", "MO" + id, "AMP" + id, "TR" + id, "ORD" + id, "441802198708081050", "88.00", "52.80",
                          "35.20"},
                         url);
    } else if (flow == "qingyuan") {
      hospital_->ClaimFiled("ZY" + id, "441802198708081050", url);
      hospital_->ClaimSettled("ZY" + id, "441802198708081050", url);
    } else if (flow == "yzt") {
      hospital_->Yzt(url);
    } else if (flow == "mpay") {
      hospital_->Mpay(url);
    } else {
      res.status = 400;
      res.set_content(R"({"error":"flow: amp, qingyuan, yzt or mpay"})", "application/json");
      return;
    }
    res.set_content(R"({"ok":true})", "application/json");
  });
  hospital_ = std::make_unique<HospitalCaller>(opts_.hospitalUrl, opts_.hospital);
  Status st = server_->Start(opts_.host, opts_.port, opts_.tlsCert, opts_.tlsKey, [this](int port) {
    port_ = port;
    qingyuan_ = std::make_unique<QingyuanSim>(opts_, baseUrl());
    amp_ = std::make_unique<AmpSim>(opts_, baseUrl());
    HospitalCaller* h = hospital_.get();
    amp_->OnPaid([h](const PortalPayment& p) { h->AmpPaid(p); });
    qingyuan_->OnClaim([h](const std::string& tsn, const std::string& id) { h->ClaimFiled(tsn, id); },
                       [h](const std::string& tsn, const std::string& id) { h->ClaimSettled(tsn, id); });
  });
  if (!st.ok()) return Status::Fail(st.code, "沙箱无法启动：" + st.message);
  return Status::Ok();
}

void Sandbox::Stop() {
  if (server_) server_->Stop(2000);
  hospital_.reset();  // after the server: no request can queue a flow any more
}

void Sandbox::SetHospitalUrl(const std::string& url) {
  if (hospital_) hospital_->SetUrl(url);
}

std::size_t Sandbox::inboundPending() const { return hospital_ ? hospital_->pending() : 0; }
std::string Sandbox::inboundJson() const { return hospital_ ? hospital_->Json() : "{}"; }

Result<Options> OptionsFrom(const Config& cfg) {
  Options o;
  o.qingyuan = cfg.qingyuan;
  o.amp = cfg.amp;
  o.hospital = caller::FromConfig(cfg);
  for (const auto& [key, value] : cfg.sandbox) {
    if (key == "hospitalUrl") {
      if (!value.empty() && value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0)
        return Status::Fail(rc::kInvalidInput, "sandbox.hospitalUrl：应以 http:// 或 https:// 开头");
      o.hospitalUrl = value;
    } else {
      return Status::Fail(rc::kInvalidInput, "未知的配置项 sandbox." + key + "（沙箱的配置项为 hospitalUrl）");
    }
  }
  return o;
}

}  // namespace onetrans::sandbox
