#include "runtime/runtime.h"

#include <mutex>

#include "catalog/masking.h"

namespace onetrans {
namespace {

std::mutex g_mu;
std::shared_ptr<const Runtime> g_runtime;
// A refused OneTrans_Init: calls answer its error (within what it declared) until a later Init
// succeeds or Cleanup runs, rather than run on some other configuration the host did not ask for.
struct InitFailure {
  Status status;
  HostDeclared declared;
};
std::unique_ptr<InitFailure> g_initFailure;

}  // namespace

Runtime::Runtime(Config cfg)
    : cfg_(std::move(cfg)),
      http_(std::make_unique<transport::HttpClient>(cfg_.transport)),
      log_(std::make_unique<Logger>(cfg_.log, catalog::BuildMaskPolicy(cfg_.Secrets()))) {
  if (!cfg_.transport.verifyTls) log_->Warn("transport.verifyTls=false: 服务器证书不做验证，仅限测试环境使用");
  if (cfg_.transport.proxy == "env") log_->Warn("transport.proxy=env: 使用环境变量 http_proxy/https_proxy 中的代理");
}

Result<Journal*> Runtime::journal() const {
  if (!cfg_.journal.enabled) return static_cast<Journal*>(nullptr);
  std::lock_guard<std::mutex> lock(journalMu_);
  if (!journal_) {
    // [journal] odbc: one journal in a shared database for several gateways / workstations.
    auto j = cfg_.journal.odbc.empty() ? OpenSqliteJournal(JournalPath(cfg_)) : OpenOdbcJournal(cfg_.journal.odbc);
    if (!j.ok()) return j.status;
    journal_ = std::move(j.value);
  }
  return journal_.get();
}

std::shared_ptr<const Runtime> Runtime::Current(Status* status, HostDeclared* declared) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_initFailure) {
    *status = g_initFailure->status;
    if (declared != nullptr) *declared = g_initFailure->declared;
    return nullptr;
  }
  if (!g_runtime) {
    auto cfg = LoadConfig(nullptr, declared);
    if (!cfg.ok()) {
      *status = cfg.status;
      return nullptr;
    }
    g_runtime = std::make_shared<const Runtime>(std::move(cfg.value));
  }
  return g_runtime;
}

Status Runtime::Init(const char* spec) {
  HostDeclared declared;
  auto cfg = LoadConfig(spec, &declared);
  if (!cfg.ok()) {
    std::shared_ptr<const Runtime> old;
    {
      std::lock_guard<std::mutex> lock(g_mu);
      g_initFailure = std::make_unique<InitFailure>(InitFailure{cfg.status, declared});
      old.swap(g_runtime);
    }
    return cfg.status;
  }
  auto rt = std::make_shared<const Runtime>(std::move(cfg.value));
  std::lock_guard<std::mutex> lock(g_mu);
  g_initFailure.reset();
  g_runtime = std::move(rt);
  return Status::Ok();
}

void Runtime::Cleanup() {
  std::shared_ptr<const Runtime> old;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    old.swap(g_runtime);
    g_initFailure.reset();
  }
  // `old` is released here, outside the lock; calls still holding it finish normally.
}

}  // namespace onetrans
