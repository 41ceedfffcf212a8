// Windows only. The loader lock is held here, so nothing is initialised: the runtime starts
// lazily on the first call. Statically linked OpenSSL keeps per-thread state that only this
// hook can free when a host's worker thread ends.
#include <windows.h>

#include <openssl/crypto.h>

extern "C" BOOL WINAPI DllMain(HINSTANCE, DWORD reason, LPVOID) {
  if (reason == DLL_THREAD_DETACH) OPENSSL_thread_stop();
  return TRUE;
}
