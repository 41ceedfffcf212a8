// The in-process handler of OneTrans_GatewayStart (PROTOCOL.md §9.4): the host's function is
// called with the handler request and answers by calling OneTrans_Reply during the call.
// Calls run on a pool of their own, so a callback that never returns costs its thread, not
// the gateway: the platform gets the unknown (or failure) answer at the timeout.
#pragma once
#include <memory>
#include <string>

#include "handler/handler.h"
#include "onetrans/onetrans.h"

namespace onetrans::handler {

std::unique_ptr<Handler> MakeCallbackHandler(OneTransHandler fn, void* user, std::size_t threads);

// OneTrans_Reply: stores a copy of the reply for the call `slot` stands for. False (and nothing
// touched) when `slot` is not a call in progress — a stale or made-up pointer from the host.
bool DeliverReply(void* slot, const char* json);

}  // namespace onetrans::handler
