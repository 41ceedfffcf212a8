// handler = http(s)://… : the handler request POSTed to the HIS's URL; its reply is the body of
// an HTTP 200 answer (PROTOCOL.md §9.2).
#pragma once
#include <memory>
#include <string>

#include "core/config.h"
#include "handler/handler.h"

namespace onetrans::handler {

std::unique_ptr<Handler> MakeForwardHandler(const std::string& url, const TransportConfig& transport);

}  // namespace onetrans::handler
