#include "gateway/gateway.h"

#include <httplib.h>

#include <chrono>
#include <map>

#include "gateway/access.h"
#include "handler/callback.h"
#include "handler/exec.h"
#include "handler/forward.h"
#include "handler/odbc_handler.h"
#include "inbound/inbound.h"
#include "server/server.h"

namespace onetrans::gateway {
namespace {

constexpr const char* kRoutes[] = {"qingyuan", "amp", "yzt", "mpay"};

// Routes whose platform signs nothing: the gateway's own access control is all there is.
bool Unsigned(const std::string& route) { return route == "amp" || route == "mpay"; }

struct Route {
  std::unique_ptr<handler::Handler> handler;
  Access access;
};

std::string JsonError(const std::string& why) {
  json::Document d(rapidjson::kObjectType);
  d.AddMember("error", json::Str(why, d.GetAllocator()), d.GetAllocator());
  return json::Serialize(d);
}

Result<std::unique_ptr<handler::Handler>> MakeHandler(const Runtime& rt, const std::string& route, const RouteConfig& rcfg,
                                                      OneTransHandler callback, void* user) {
  const GatewayConfig& g = rt.config().gateway;
  const std::string& h = rcfg.handler;
  if (h.rfind("http://", 0) == 0 || h.rfind("https://", 0) == 0)
    return handler::MakeForwardHandler(h, rt.config().transport);
  if (h.rfind("exec:", 0) == 0) {
    if (h.size() == 5) return Status::Fail(rc::kInvalidInput, "gateway." + route + ".handler：exec: 之后应为命令行");
    return handler::MakeExecHandler(h.substr(5));
  }
  if (h.rfind("odbc:", 0) == 0) {
    if (h.size() == 5) return Status::Fail(rc::kInvalidInput, "gateway." + route + ".handler：odbc: 之后应为 ODBC 连接串");
    return handler::MakeOdbcHandler(route, h.substr(5), rcfg.sql, g.handlerPool);
  }
  if (h.empty() && callback != nullptr) return handler::MakeCallbackHandler(callback, user, g.workers);
  if (h.empty()) return Status::Fail(rc::kInvalidInput, "gateway." + route + ".handler：未配置（http(s)://…、exec:…、odbc:… 或进程内回调）");
  return Status::Fail(rc::kInvalidInput, "gateway." + route + ".handler：应以 http://、https://、exec: 或 odbc: 开头");
}

// A route's own keys are there: the platform's signature needs its key / secret.
Status CheckRouteKeys(const Runtime& rt, const std::string& route) {
  const Config& c = rt.config();
  if (route == "qingyuan" && c.qingyuan.key.size() < 16 && c.qingyuan.platforms.empty())
    return Status::Fail(rc::kInvalidInput, "gateway.qingyuan：未配置平台密钥（[qingyuan] platformId/key 或 [qingyuan.platforms]）");
  for (const auto& [id, key] : c.qingyuan.platforms)
    if (key.size() < 16) return Status::Fail(rc::kInvalidInput, "qingyuan.platforms." + id + "：密钥不足16位");
  if (route == "yzt" && c.gateway.routes.at("yzt").secret.empty())
    return Status::Fail(rc::kInvalidInput, "gateway.yzt.secret：未配置 MD5 签名密钥");
  return Status::Ok();
}

bool SplitListen(const std::string& listen, std::string* host, int* port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  *host = listen.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  std::string p = listen.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
  *port = std::stoi(p);
  return *port <= 65535;
}

}  // namespace

struct Gateway::Impl {
  std::shared_ptr<const Runtime> rt;
  std::map<std::string, Route> routes;
  std::unique_ptr<server::Server> server;

  void Serve(const std::string& route, const std::string& path, const httplib::Request& req, httplib::Response& res) {
    auto it = routes.find(route);
    if (it == routes.end()) {
      res.status = 404;
      res.set_content(JsonError("no such route"), "application/json; charset=UTF-8");
      return;
    }
    const Runtime& r = *rt;
    if (!it->second.access.Allows(req.remote_addr, req.get_header_value("X-OneTrans-Token"))) {
      r.log().Warn("gateway " + route + ": refused " + req.remote_addr + " (allowFrom / token)");
      res.status = 403;
      res.set_content(JsonError("forbidden"), "application/json; charset=UTF-8");
      return;
    }
    inbound::Opened opened = inbound::Open(r, path, req.body);
    if (opened.refused) {
      res.status = opened.httpStatus;
      res.set_content(opened.reply, "application/json; charset=UTF-8");
      return;
    }
    handler::Failure failure;
    auto reply = it->second.handler->Call(opened.call.handlerRequest, std::chrono::milliseconds(r.config().gateway.handlerTimeoutMs),
                                          &failure);
    inbound::HandlerResult result;
    result.replied = reply.ok();
    if (reply.ok()) result.reply = std::move(reply.value.body);
    result.timedOut = failure.timedOut;
    result.why = failure.why;
    res.set_content(inbound::Seal(r, opened.call, result), "application/json; charset=UTF-8");
  }
};

Gateway::Gateway(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Gateway::~Gateway() { Stop(); }

Result<std::unique_ptr<Gateway>> Gateway::Start(std::shared_ptr<const Runtime> rt, OneTransHandler callback, void* user) {
  const GatewayConfig& g = rt->config().gateway;
  auto impl = std::make_unique<Impl>();
  impl->rt = rt;
  for (const char* name : kRoutes) {
    std::string route = name;
    auto cfg = g.routes.find(route);
    if (cfg == g.routes.end()) continue;  // a route without its [gateway.<route>] section is not served
    const RouteConfig& rcfg = cfg->second;
    if (Unsigned(route) && rcfg.allowFrom.empty() && rcfg.token.empty())
      return Status::Fail(rc::kInvalidInput, "gateway." + route + "：该平台的请求没有签名，须配置 allowFrom 或 token（确需对所有来源开放时写 allowFrom = *）");
    Status st = CheckRouteKeys(*rt, route);
    if (!st.ok()) return st;
    auto access = Access::Parse(rcfg.allowFrom, rcfg.token);
    if (!access.ok()) return Status::Fail(access.status.code, "gateway." + route + "." + access.status.message);
    auto handler = MakeHandler(*rt, route, rcfg, callback, user);
    if (!handler.ok()) return handler.status;
    impl->routes[route] = Route{std::move(handler.value), access.value};
  }
  if (impl->routes.empty())
    return Status::Fail(rc::kInvalidInput, "gateway：没有配置任何路由（[gateway.qingyuan] / [gateway.amp] / [gateway.yzt] / [gateway.mpay]）");
  std::string host;
  int port = 0;
  if (!SplitListen(g.listen, &host, &port))
    return Status::Fail(rc::kInvalidInput, "gateway.listen：应为 主机:端口，如 0.0.0.0:8088，实际为 \"" + g.listen + "\"");

  server::Limits limits;
  limits.maxConnections = g.maxConnections;
  limits.workers = g.workers;
  limits.maxBodyBytes = g.maxBodyBytes;
  limits.headerTimeoutMs = g.headerTimeoutMs;
  limits.bodyTimeoutMs = g.bodyTimeoutMs;
  limits.writeTimeoutMs = g.writeTimeoutMs;
  limits.keepAliveTimeoutMs = g.keepAliveTimeoutMs;
  impl->server = std::make_unique<server::Server>(limits);
  Impl* m = impl.get();
  httplib::Server& routes = impl->server->routes();
  routes.Post("/qingyuan", [m](const httplib::Request& req, httplib::Response& res) { m->Serve("qingyuan", "qingyuan", req, res); });
  routes.Post("/yzt", [m](const httplib::Request& req, httplib::Response& res) { m->Serve("yzt", "yzt", req, res); });
  routes.Post(R"(/amp/([A-Za-z0-9_]+))", [m](const httplib::Request& req, httplib::Response& res) {
    m->Serve("amp", "amp/" + req.matches[1].str(), req, res);
  });
  routes.Post(R"(/mpay/([A-Za-z0-9_]+))", [m](const httplib::Request& req, httplib::Response& res) {
    m->Serve("mpay", "mpay/" + req.matches[1].str(), req, res);
  });
  Status st = impl->server->Start(host, port, g.tlsCert, g.tlsKey);
  if (!st.ok()) return st;
  std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::unique_ptr<Gateway> gw(new Gateway(std::move(impl)));
  gw->url_ = std::string(gw->impl_->server->tls() ? "https" : "http") + "://" + shown + ":" + std::to_string(gw->impl_->server->port());
  std::string served;
  for (const auto& [name, route] : gw->impl_->routes) served += " " + name + "(" + route.handler->Describe() + ")";
  rt->log().Info("gateway listening on " + gw->url_ + ":" + served);
  return gw;
}

void Gateway::Stop(long graceMs) {
  if (impl_ && impl_->server) impl_->server->Stop(graceMs);
}

}  // namespace onetrans::gateway
