// Subcommands of the onetrans tool (PROTOCOL.md §7).
#pragma once

namespace onetrans::cli {

int Call(int argc, char** argv);     // onetrans call [--config FILE] [IN.json|-]
int Sandbox(int argc, char** argv);  // onetrans sandbox [--port N] [--config FILE] [--tls-cert F --tls-key F]
int Demo(int argc, char** argv);     // onetrans demo
int Bill(int argc, char** argv);
int Journal(int argc, char** argv);  // onetrans journal [resolve] [--config F] [--all]     // onetrans bill --platform amp|qingyuan --date YYYY-MM-DD [--out F]

// "000000"-style text of an integer return code.
const char* CodeText(int code, char* buf, int size);

}  // namespace onetrans::cli
