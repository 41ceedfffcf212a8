// The whole C boundary with hostile input: MobileTransEx / OneTrans_Call on arbitrary bytes.
// Every request that passes validation is sent through a proxy on 127.0.0.1:1, which refuses
// at once: nothing ever leaves the machine, whatever serverAddr the input names.
#include <cstdint>
#include <cstring>
#include <string>

#include "onetrans/onetrans.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  OneTrans_Init(R"({"qingyuan":{"serverAddr":"http://127.0.0.1:1/gw","platformId":"QY000001","key":"A1B2C3D4E5F60718293A4B5C6D7E8F90"},)"
                R"("amp":{"serverAddr":"http://127.0.0.1:1/api/amp/hos","appId":"1FM99V9JP0009A23A8C00000D445BA03",)"
                R"("appKey":"1FM99V9JM00N9A23A8C000003F4B7C32","orgId":"35020311234"},)"
                R"("transport":{"proxy":"http://127.0.0.1:1","connectTimeoutMs":100,"readTimeoutMs":200,"queryRetries":0},)"
                R"("journal":{"enabled":false}})");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);  // NUL-terminated copy
  char small[64];
  int len = 0;
  int rc = MobileTransEx(in.c_str(), small, sizeof small, &len);
  if (rc == 106 && len > 0) {
    std::string out(static_cast<size_t>(len) + 1, '\0');
    MobileTransEx(in.c_str(), out.data(), len + 1, &len);
  }
  char* out = nullptr;
  OneTrans_Call(in.c_str(), &out);
  if (out != nullptr && std::strlen(out) == 0) __builtin_trap();  // the output is always a JSON object
  OneTrans_Free(out);
  return 0;
}
