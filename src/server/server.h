// The HTTP server of the sandbox and the gateway: cpp-httplib parses, routes and answers each
// request; connections are ours. cpp-httplib 0.11 gives every connection a thread for its whole
// life, so a few dozen slow or idle clients take every thread and good requests wait. Here one
// event thread holds all connections (TLS handshakes, idle keep-alives, half-sent heads and
// bodies) without a thread each, and a request reaches a worker only once it has arrived whole
// and within bounds:
//   - a head must arrive within headerTimeoutMs of its first byte, at most maxHeaderBytes;
//   - a body must arrive within bodyTimeoutMs; a Content-Length over maxBodyBytes is answered
//     413 at once, before any of the body is read;
//   - an idle kept-alive connection is closed after keepAliveTimeoutMs, and when maxConnections
//     are open the oldest idle (then the slowest unfinished) connection makes room;
//   - the answer is written by the event thread too, so a client that does not read cannot
//     hold a worker; writing gives up after writeTimeoutMs.
// Workers (a fixed number) run the handlers; stopping finishes what is in flight.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"

namespace httplib { class Server; }

namespace onetrans::server {

struct Limits {
  std::size_t maxConnections = 1024;
  std::size_t workers = 16;
  std::size_t maxHeaderBytes = 16 * 1024;
  std::size_t maxBodyBytes = 16u << 20;
  long headerTimeoutMs = 10000;
  long bodyTimeoutMs = 60000;
  long writeTimeoutMs = 30000;
  long keepAliveTimeoutMs = 15000;
};

struct Stats {
  std::size_t open = 0, busy = 0;
  unsigned long long accepted = 0, evicted = 0, timedOut = 0, tooLarge = 0, overloaded = 0;
};

class Server {
 public:
  explicit Server(Limits limits);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Routes and hooks, registered before Start (cpp-httplib's own API).
  httplib::Server& routes();
  // Binds host:port (0: any free port) and starts serving. TLS when cert and key are given.
  // `onBound` runs once the port is known, before the first request is served.
  Status Start(const std::string& host, int port, const std::string& tlsCert = "", const std::string& tlsKey = "",
               const std::function<void(int port)>& onBound = {});
  // Stops accepting, lets requests in flight finish (at most `graceMs`), closes everything.
  void Stop(long graceMs = 10000);
  int port() const;
  bool tls() const;
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onetrans::server
