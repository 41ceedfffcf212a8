// `onetrans journal [--config F] [--all]` lists money-moving calls without a final answer;
// `onetrans journal resolve [--config F]` runs each one's status query through the public
// C ABI and records what the platform says happened.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "core/config.h"
#include "core/json.h"
#include "journal/journal.h"
#include "onetrans/onetrans.h"

namespace onetrans::cli {
namespace {

void Print(const std::vector<JournalEntry>& entries) {
  std::printf("%-5s %-19s %-9s %-12s %-24s %-10s %-9s %-7s %s\n", "id", "created", "platform", "api", "ref", "amount", "state",
              "return", "final");
  for (const auto& e : entries)
    std::printf("%-5lld %-19s %-9s %-12s %-24s %-10s %-9s %-7s %s\n", e.id, e.created.c_str(), e.platform.c_str(), e.api.c_str(),
                e.ref.c_str(), e.amount.c_str(), e.state.c_str(), e.returnCode.c_str(), e.finalStatus.c_str());
  std::printf("%zu entr%s\n", entries.size(), entries.size() == 1 ? "y" : "ies");
}

// What the platform's answer to the status query says happened to the money.
std::string FinalStatus(const json::Document& out) {
  const json::Value* data = json::Find(out, "data");
  const json::Value* code = json::Find(out, "code");
  bool ok = code != nullptr && code->IsInt() && code->GetInt() == 0;
  if (ok && data != nullptr) {
    for (const char* field : {"orderStatus", "tradeStatus"}) {
      std::string v = json::GetStringOr(*data, field, "");
      if (!v.empty()) return v;
    }
  }
  std::string c;
  if (code != nullptr) json::ScalarText(*code, &c);
  return "not-found(" + c + ")";
}

}  // namespace

int Journal(int argc, char** argv) {
  std::string config;
  bool all = false, resolve = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--config" && i + 1 < argc) config = argv[++i];
    else if (a == "--all") all = true;
    else if (a == "resolve") resolve = true;
    else {
      std::fprintf(stderr, "usage: onetrans journal [resolve] [--config FILE] [--all]\n");
      return 2;
    }
  }
  auto cfg = LoadConfig(config.empty() ? nullptr : config.c_str());
  if (!cfg.ok()) {
    std::fprintf(stderr, "%s\n", cfg.status.message.c_str());
    return 1;
  }
  auto journal = onetrans::Journal::Open(JournalPath(cfg.value, reinterpret_cast<const void*>(&OneTrans_Version)));
  if (!journal.ok()) {
    std::fprintf(stderr, "%s\n", journal.status.message.c_str());
    return 1;
  }
  auto entries = journal.value->List(!all);
  if (!entries.ok()) {
    std::fprintf(stderr, "%s\n", entries.status.message.c_str());
    return 1;
  }
  std::printf("journal %s\n", journal.value->path().c_str());
  if (!resolve) {
    Print(entries.value);
    return 0;
  }
  if (!config.empty() && OneTrans_Init(config.c_str()) != 0) {
    std::fprintf(stderr, "config %s rejected\n", config.c_str());
    return 1;
  }
  int unresolved = 0;
  for (const auto& e : entries.value) {
    if (e.state != "pending" && e.state != "unknown") continue;
    char* out = nullptr;
    int rc = OneTrans_Call(e.query.c_str(), &out);
    json::Document answer;
    json::Parse(out != nullptr ? out : "", &answer);
    OneTrans_Free(out);
    char buf[16];
    if (rc != 0) {
      ++unresolved;
      std::printf("#%lld %s %s: query %s failed (return=%s), still open\n", e.id, e.api.c_str(), e.ref.c_str(), e.query.c_str(),
                  CodeText(rc, buf, sizeof buf));
      continue;
    }
    std::string final = FinalStatus(answer);
    journal.value->Resolve(e.id, final, json::GetStringOr(answer, "message", ""));
    std::printf("#%lld %s %s -> %s\n", e.id, e.api.c_str(), e.ref.c_str(), final.c_str());
  }
  OneTrans_Cleanup();
  return unresolved == 0 ? 0 : 1;
}

}  // namespace onetrans::cli
