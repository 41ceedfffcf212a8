#include "handler/forward.h"

#include "catalog/catalog.h"
#include "core/json.h"
#include "transport/http.h"

namespace onetrans::handler {
namespace {

// A money-moving call must reach the HIS once: no connection reuse, so libcurl can never resend
// it on a connection that died. Read from the request's head, which OneTrans wrote.
bool MovesMoney(const std::string& request) {
  json::Document head;
  auto platformAt = request.find("\"platform\":\"");
  auto apiAt = request.find("\"api\":\"");
  if (platformAt == std::string::npos || apiAt == std::string::npos) return true;
  auto text = [&](std::size_t at, std::size_t skip) {
    auto end = request.find('"', at + skip);
    return request.substr(at + skip, end == std::string::npos ? 0 : end - at - skip);
  };
  std::string platform = text(platformAt, 12), api = text(apiAt, 7);
  for (const catalog::Catalog* c : catalog::All()) {
    if (c->platform() != platform) continue;
    const catalog::Interface* itf = c->Find(api);
    return itf == nullptr || itf->inboundRules.moneyMoving;
  }
  return true;
}

class ForwardHandler final : public Handler {
 public:
  ForwardHandler(std::string url, TransportConfig cfg) : url_(std::move(url)), http_(cfg) {}

  Result<Reply> Call(const std::string& request, std::chrono::milliseconds timeout, Failure* failure) override {
    transport::PostOptions opts;
    opts.freshConnection = MovesMoney(request);
    opts.timeoutMs = static_cast<long>(timeout.count());
    transport::Failure f;
    auto resp = http_.PostJson(url_, request, &f, opts);
    if (!resp.ok()) {
      failure->timedOut = f.timedOut;
      failure->why = resp.status.message;
      return resp.status;
    }
    return Reply{std::move(resp.value.body)};
  }

  std::string Describe() const override { return "forward " + url_.substr(0, url_.find('?')); }

 private:
  std::string url_;
  transport::HttpClient http_;
};

}  // namespace

std::unique_ptr<Handler> MakeForwardHandler(const std::string& url, const TransportConfig& transport) {
  return std::make_unique<ForwardHandler>(url, transport);
}

}  // namespace onetrans::handler
