// The "download": true option of a bill call (AMP getTradeFile, Qingyuan HOS00013): fetch,
// check, unzip and parse the file the platform pointed to, and attach it as data.bill.
#pragma once
#include "catalog/catalog.h"
#include "core/json.h"
#include "core/outcome.h"
#include "runtime/runtime.h"

namespace onetrans::exchange {

bool WantsDownload(const json::Value& input);
// Adds "bill" to `answer` (the platform's decrypted data object). 000108 / 000100 on failure.
Status AttachBill(const Runtime& rt, const catalog::Interface& itf, const json::Value& requestData, json::Document* answer);
// The failure output for a bill that could not be fetched: the platform's own answer is kept.
Outcome BillFailure(const Status& st, const json::Value& answer);

}  // namespace onetrans::exchange
