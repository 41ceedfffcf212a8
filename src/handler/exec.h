// handler = exec:<command line> : the request on stdin, the reply on stdout (PROTOCOL.md §9.2).
// POSIX: run by /bin/sh -c in its own process group; Windows: CreateProcess in a job object.
#pragma once
#include <memory>
#include <string>

#include "handler/handler.h"

namespace onetrans::handler {

std::unique_ptr<Handler> MakeExecHandler(const std::string& commandLine);

}  // namespace onetrans::handler
