// Shared by the benchmarks: the sandbox the end-to-end figures run against, and the inbound
// rig (a HIS web service, a bare server and the OneTrans gateway in front of it).
#pragma once
#include <cstddef>
#include <string>

#include "sandbox/sandbox.h"

namespace onetrans::bench {

sandbox::Sandbox& Sandbox();
// A HOS00012 request (the cheapest verified round trip).
std::string StatusQuery();
// --quick: fewer calls, no figures to trust.
bool Quick();

// A compact business object of tests/data/inbound/qingyuan: kind "request" or "response".
std::string InboundFixture(const std::string& api, const char* kind);
// A HIS00002 business object whose `file` is the base64 of an image of `imageBytes`.
std::string Authorization(std::size_t imageBytes);
// A platform -> hospital request body with a fresh platformSeqId and the current time.
std::string PlatformRequest(const std::string& transCode, const std::string& plaintext);
// The inbound configuration: the platform's key, the journal; with hisUrl, a gateway that
// forwards Qingyuan calls to it.
std::string InboundConfig(const std::string& journal, const std::string& hisUrl);
// Starts the HIS, the bare server and the gateway, then gives the library `libraryConfig` back.
bool StartInbound(const std::string& libraryConfig, std::string* why);
void StopInbound();

}  // namespace onetrans::bench
