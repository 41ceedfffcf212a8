// Test peers that misbehave on purpose, on 127.0.0.1: a raw HTTP server whose behaviour per
// request the test chooses (answer through a real sandbox, read everything then close without a
// byte, trickle the answer, answer a bomb), and host buffers that end at a guard page.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace onetrans::test {

// A plain TCP connection to 127.0.0.1:port (the fd), or -1.
int ConnectLoopback(int port);

// What the hostile server does with one complete request (request line + headers + body).
enum class Act { Forward, CloseSilently, Trickle, Bomb };

class HostileServer {
 public:
  // forwardBase: where Forward sends requests (e.g. the sandbox's base URL).
  HostileServer(std::string forwardBase, std::function<Act(const std::string& path, const std::string& body)> decide);
  ~HostileServer();
  int port() const { return port_; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Requests that arrived whole, by the decision taken; and connections accepted.
  long arrivals(Act act) const;
  long connections() const { return connections_; }

 private:
  void Serve(int fd);
  std::string forward_;
  std::function<Act(const std::string&, const std::string&)> decide_;
  int listener_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<long> counts_[4] = {{0}, {0}, {0}, {0}};
  std::atomic<long> connections_{0};
  std::thread acceptor_;
  std::vector<std::thread> workers_;
};

// `size` bytes whose next byte is an inaccessible page: any write past them faults at once.
class GuardedBuffer {
 public:
  explicit GuardedBuffer(std::size_t size);
  ~GuardedBuffer();
  char* data() { return data_; }
  std::size_t size() const { return size_; }

 private:
  void* map_ = nullptr;
  std::size_t mapSize_ = 0;
  char* data_ = nullptr;
  std::size_t size_;
};

}  // namespace onetrans::test
