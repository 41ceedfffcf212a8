// Subcommands of the onetrans tool (PROTOCOL.md §7).
#pragma once

namespace onetrans::cli {

int Call(int argc, char** argv);     // onetrans call [--config FILE] [IN.json|-]
int Sandbox(int argc, char** argv);  // onetrans sandbox [--port N] [--config FILE] [--tls-cert F --tls-key F]
int Demo(int argc, char** argv);     // onetrans demo
int Bill(int argc, char** argv);     // onetrans bill --platform amp|qingyuan --date YYYY-MM-DD [--out F]
int Journal(int argc, char** argv);  // onetrans journal [resolve] [--config F] [--all]
int Gateway(int argc, char** argv);  // onetrans gateway [--config F]

// "000105"-style text of an integer return code (the library's own table).
const char* CodeText(int code);

}  // namespace onetrans::cli
