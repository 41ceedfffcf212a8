// Return codes at the C boundary: their static text ("000105"), their meaning
// (OneTrans_StrError) and the per-thread last error (OneTrans_LastError).
#pragma once
#include <string>

namespace onetrans::abi {

// "000105" for 105, "010010" for 10010: static, never freed (the vendor DLL's contract).
const char* CodeString(int code);
#if defined(_WIN32)
const wchar_t* CodeStringW(int code);
#endif
// "中文 / English", static; an unknown code has a generic text.
const char* StrError(int code);

void SetLastError(std::string message);
const char* LastError();

}  // namespace onetrans::abi
