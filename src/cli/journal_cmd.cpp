// `onetrans journal [--config F] [--all]` lists money-moving calls without a final answer, both
// directions; `onetrans journal resolve [--config F]` runs each open outbound call's status
// query through the public C ABI (the query settles the entry itself when the platform's answer
// is final); `onetrans journal resolve --id N --status S` records what an operator found for
// an inbound entry left unknown (the HIS's handler failed or timed out).
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
  std::printf("%-5s %-19s %-3s %-9s %-28s %-24s %-10s %-9s %-7s %s\n", "id", "created", "dir", "platform", "api", "ref", "amount",
              "state", "return", "final");
  for (const auto& e : entries)
    std::printf("%-5lld %-19s %-3s %-9s %-28s %-24s %-10s %-9s %-7s %s\n", e.id, e.created.c_str(), e.direction.c_str(),
                e.platform.c_str(), e.api.c_str(), e.ref.c_str(), e.amount.c_str(), e.state.c_str(), e.returnCode.c_str(),
                e.finalStatus.c_str());
  std::printf("%zu entr%s\n", entries.size(), entries.size() == 1 ? "y" : "ies");
}

int Usage() {
  std::fprintf(stderr,
               "usage: onetrans journal [--config FILE] [--all]\n"
               "       onetrans journal resolve [--config FILE]                  (outbound: run each open call's query)\n"
               "       onetrans journal resolve --id N --status S [--config FILE] (record what was found for one entry)\n");
  return 2;
}

}  // namespace

int Journal(int argc, char** argv) {
  std::string config, status;
  long long id = 0;
  bool all = false, resolve = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--config" && i + 1 < argc) config = argv[++i];
    else if (a == "--id" && i + 1 < argc) id = std::atoll(argv[++i]);
    else if (a == "--status" && i + 1 < argc) status = argv[++i];
    else if (a == "--all") all = true;
    else if (a == "resolve") resolve = true;
    else return Usage();
  }
  if ((id != 0) != !status.empty() || (id != 0 && !resolve)) return Usage();
  auto cfg = LoadConfig(config.empty() ? nullptr : config.c_str());
  if (!cfg.ok()) {
    std::fprintf(stderr, "%s\n", cfg.status.message.c_str());
    return 1;
  }
  auto journal = cfg.value.journal.odbc.empty()
                     ? OpenSqliteJournal(JournalPath(cfg.value, reinterpret_cast<const void*>(&OneTrans_Version)))
                     : OpenOdbcJournal(cfg.value.journal.odbc);
  if (!journal.ok()) {
    std::fprintf(stderr, "%s\n", journal.status.message.c_str());
    return 1;
  }
  std::printf("journal %s\n", journal.value->where().c_str());
  auto entries = journal.value->List(!all || resolve);
  if (!entries.ok()) {
    std::fprintf(stderr, "%s\n", entries.status.message.c_str());
    return 1;
  }
  if (!resolve) {
    Print(entries.value);
    return 0;
  }
  if (id != 0) {
    for (const auto& e : entries.value) {
      if (e.id != id) continue;
      Status st = journal.value->Resolve(id, status, "", "resolved by an operator");
      if (!st.ok()) {
        std::fprintf(stderr, "%s\n", st.message.c_str());
        return 1;
      }
      std::printf("#%lld %s %s -> %s\n", e.id, e.api.c_str(), e.ref.c_str(), status.c_str());
      return 0;
    }
    std::fprintf(stderr, "#%lld is not an open entry\n", id);
    return 1;
  }
  if (!config.empty() && OneTrans_Init(config.c_str()) != 0) {
    std::fprintf(stderr, "config %s rejected: %s\n", config.c_str(), OneTrans_LastError());
    return 1;
  }
  int unresolved = 0;
  for (const auto& e : entries.value) {
    if (e.direction != "out") {
      ++unresolved;
      std::printf("#%lld %s %s %s: inbound, %s — check the HIS, then: onetrans journal resolve --id %lld --status …\n", e.id,
                  e.platform.c_str(), e.api.c_str(), e.ref.c_str(), e.state.c_str(), e.id);
      continue;
    }
    char* out = nullptr;
    int rc = OneTrans_Call(e.query.c_str(), &out);
    json::Document answer;
    (void)json::Parse(out != nullptr ? out : "", &answer);  // not JSON: nothing settled below
    OneTrans_Free(out);
    if (rc != 0) {
      ++unresolved;
      std::printf("#%lld %s %s: query %s failed (return=%s), still open\n", e.id, e.api.c_str(), e.ref.c_str(), e.query.c_str(),
                  CodeText(rc));
      continue;
    }
    // A final answer has settled the entry already (exchange/money_record.cpp).
    auto now = journal.value->FindByKey(e.key);
    if (now.ok() && now.value && now.value->state == "resolved") {
      std::printf("#%lld %s %s -> %s\n", e.id, e.api.c_str(), e.ref.c_str(), now.value->finalStatus.c_str());
      continue;
    }
    const json::Value* code = json::Find(answer, "code");
    if (code != nullptr && code->IsInt() && code->GetInt() != 0) {
      // The platform knows no such order: it never acted on it.
      std::string final = "not-found(" + json::Serialize(*code) + ")";
      (void)journal.value->Resolve(e.id, final, "", json::GetStringOr(answer, "message", ""));
      std::printf("#%lld %s %s -> %s\n", e.id, e.api.c_str(), e.ref.c_str(), final.c_str());
      continue;
    }
    ++unresolved;
    std::printf("#%lld %s %s: not final yet, still open\n", e.id, e.api.c_str(), e.ref.c_str());
  }
  OneTrans_Cleanup();
  return unresolved == 0 ? 0 : 1;
}

}  // namespace onetrans::cli
