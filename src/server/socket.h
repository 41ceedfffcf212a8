// The few socket calls the server needs, on POSIX and Winsock alike.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/status.h"

#if defined(_WIN32)
#include <winsock2.h>
#endif

namespace onetrans::server::net {

#if defined(_WIN32)
using Socket = SOCKET;
inline constexpr Socket kInvalid = INVALID_SOCKET;
#else
using Socket = int;
inline constexpr Socket kInvalid = -1;
#endif

struct Peer {
  std::string ip, localIp;
  int port = 0, localPort = 0;
};

struct PollEntry {
  Socket fd;
  bool wantRead, wantWrite;
  bool readable = false, writable = false, error = false;
};

// A listening, non-blocking socket on host:port (0: a free port, reported in *boundPort).
Status Listen(const std::string& host, int port, Socket* out, int* boundPort);
// The next pending connection, non-blocking with TCP_NODELAY, or kInvalid when there is none.
Socket AcceptNonBlocking(Socket listener, Peer* peer);
long Recv(Socket s, char* buf, std::size_t n);        // <0: error (see WouldBlock), 0: closed
long Send(Socket s, const char* buf, std::size_t n);  // never raises SIGPIPE
bool WouldBlock();
void Close(Socket s);
void ShutdownWrite(Socket s);
// poll(2) / WSAPoll over the entries; fills readable/writable/error.
void Poll(std::vector<PollEntry>& entries, int timeoutMs);

// Wakes the event thread from another thread: a socket it polls becomes readable.
class Wakeup {
 public:
  Wakeup() = default;
  ~Wakeup();
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;
  Status Open();
  void Signal();
  void Drain();
  Socket fd() const { return read_; }

 private:
  Socket read_ = kInvalid, write_ = kInvalid;
};

}  // namespace onetrans::server::net
