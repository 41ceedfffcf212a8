#include "sandbox/sandbox.h"

#include <httplib.h>

#include <chrono>

#include "sandbox/amp_sim.h"
#include "sandbox/qingyuan_sim.h"

namespace onetrans::sandbox {

Sandbox::Sandbox(Options opts) : opts_(std::move(opts)) {
  if (opts_.qingyuan.platformId.empty()) opts_.qingyuan.platformId = kDefaultPlatformId;
  if (opts_.qingyuan.key.empty()) opts_.qingyuan.key = kDefaultKey;
}

Sandbox::~Sandbox() { Stop(); }

std::string Sandbox::baseUrl() const {
  return std::string(opts_.tlsCert.empty() ? "http" : "https") + "://" + opts_.host + ":" + std::to_string(port_);
}

long Sandbox::requests(const std::string& api) const {
  return (qingyuan_ ? qingyuan_->requests(api) : 0) + (amp_ ? amp_->requests(api) : 0);
}

Status Sandbox::Start() {
  if (!opts_.tlsCert.empty()) {
    server_ = std::make_unique<httplib::SSLServer>(opts_.tlsCert.c_str(), opts_.tlsKey.c_str());
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  if (!server_->is_valid()) return Status::Fail(rc::kInternal, "沙箱无法创建服务器（TLS证书或私钥无效？）");
  port_ = opts_.port == 0 ? server_->bind_to_any_port(opts_.host.c_str()) : (server_->bind_to_port(opts_.host.c_str(), opts_.port) ? opts_.port : -1);
  if (port_ <= 0) return Status::Fail(rc::kInternal, "沙箱无法监听 " + opts_.host + ":" + std::to_string(opts_.port));
  qingyuan_ = std::make_unique<QingyuanSim>(opts_, baseUrl());
  amp_ = std::make_unique<AmpSim>(opts_, baseUrl());

  server_->Post("/qingyuan/gateway", [this](const httplib::Request& req, httplib::Response& res) {
    res.set_content(qingyuan_->Handle(req.body), "application/json; charset=UTF-8");
  });
  server_->Get("/qingyuan/h5/sign", [this](const httplib::Request& req, httplib::Response& res) {
    bool ok = qingyuan_->SignByH5(req.get_param_value("idNo"));
    res.status = ok ? 200 : 404;
    res.set_content(ok ? "签约成功" : "签约失败：用户不存在或已冻结", "text/plain; charset=UTF-8");
  });
  server_->Get(R"(/qingyuan/bill/([A-Za-z0-9]+)_(\d{8})\.zip)", [this](const httplib::Request& req, httplib::Response& res) {
    if (req.matches[1] != opts_.qingyuan.platformId) { res.status = 404; return; }
    auto zip = qingyuan_->BillZip(req.matches[2]);
    if (!zip) { res.status = 500; return; }
    res.set_content(*zip, "application/zip");
  });
  server_->Post(R"(/api/amp/hos/([A-Za-z]+))", [this](const httplib::Request& req, httplib::Response& res) {
    res.set_content(amp_->Handle(req.matches[1], req.body), "application/json; charset=UTF-8");
  });
  server_->Get(R"(/api/amp/bill/([A-Za-z0-9]+)\.zip)", [this](const httplib::Request& req, httplib::Response& res) {
    bool gone = false;
    auto zip = amp_->BillFile(req.matches[1], &gone);
    if (!zip) {
      res.status = gone ? 410 : 404;
      res.set_content(gone ? "下载地址已过期" : "无此文件", "text/plain; charset=UTF-8");
      return;
    }
    res.set_content(*zip, "application/zip");
  });
  server_->Get("/sandbox/amp/settlement", [this](const httplib::Request& req, httplib::Response& res) {
    std::string json = amp_->SettlementJson(req.get_param_value("medOrgOrd"));
    res.status = json.empty() ? 404 : 200;
    res.set_content(json, "application/json; charset=UTF-8");
  });
  server_->Get("/sandbox/amp/pushes", [this](const httplib::Request& req, httplib::Response& res) {
    res.set_content(amp_->PushesJson(req.get_param_value("medOrgOrd")), "application/json; charset=UTF-8");
  });
  server_->Get("/sandbox/stats", [this](const httplib::Request& req, httplib::Response& res) {
    std::string api = req.has_param("api") ? req.get_param_value("api") : "*";
    res.set_content("{\"requests\":" + std::to_string(requests(api)) + "}", "application/json");
  });
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // The socket already listens after bind; wait for the accept loop so Stop() is safe.
  for (int i = 0; i < 5000 && !server_->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!server_->is_running()) return Status::Fail(rc::kInternal, "沙箱服务线程未能启动");
  return Status::Ok();
}

void Sandbox::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace onetrans::sandbox
