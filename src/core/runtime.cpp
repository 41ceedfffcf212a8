#include "core/runtime.h"

#include <mutex>

namespace onetrans {
namespace {

std::mutex g_mu;
std::shared_ptr<const Runtime> g_runtime;

}  // namespace

Runtime::Runtime(Config cfg)
    : cfg_(std::move(cfg)),
      http_(std::make_unique<transport::HttpClient>(cfg_.transport)),
      log_(std::make_unique<Logger>(cfg_.log)) {
  if (!cfg_.transport.verifyTls) log_->Warn("transport.verifyTls=false: 服务器证书不做验证，仅限测试环境使用");
}

Result<Journal*> Runtime::journal() const {
  if (!cfg_.journal.enabled) return static_cast<Journal*>(nullptr);
  std::lock_guard<std::mutex> lock(journalMu_);
  if (!journal_) {
    auto j = Journal::Open(JournalPath(cfg_));
    if (!j.ok()) return j.status;
    journal_ = std::move(j.value);
  }
  return journal_.get();
}

std::shared_ptr<const Runtime> Runtime::Current(Status* status) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (!g_runtime) {
    auto cfg = LoadConfig(nullptr);
    if (!cfg.ok()) {
      *status = cfg.status;
      return nullptr;
    }
    g_runtime = std::make_shared<const Runtime>(std::move(cfg.value));
  }
  return g_runtime;
}

Status Runtime::Init(const char* spec) {
  auto cfg = LoadConfig(spec);
  if (!cfg.ok()) return cfg.status;
  auto rt = std::make_shared<const Runtime>(std::move(cfg.value));
  std::lock_guard<std::mutex> lock(g_mu);
  g_runtime = std::move(rt);
  return Status::Ok();
}

void Runtime::Cleanup() {
  std::shared_ptr<const Runtime> old;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    old.swap(g_runtime);
  }
  // `old` is released here, outside the lock; calls still holding it finish normally.
}

}  // namespace onetrans
