#include "support/hostile.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

#include "core/config.h"
#include "transport/http.h"

namespace onetrans::test {

int ConnectLoopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

HostileServer::HostileServer(std::string forwardBase, std::function<Act(const std::string&, const std::string&)> decide)
    : forward_(std::move(forwardBase)), decide_(std::move(decide)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int yes = 1;
  setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listener_, 64) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throw std::runtime_error("hostile server: cannot listen");
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] {
    for (;;) {
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0 || stop_) {
        if (fd >= 0) ::close(fd);
        return;
      }
      ++connections_;
      workers_.emplace_back([this, fd] { Serve(fd); });
    }
  });
}

HostileServer::~HostileServer() {
  stop_ = true;
  ::shutdown(listener_, SHUT_RDWR);
  ::close(listener_);
  acceptor_.join();
  for (auto& t : workers_) t.join();
}

long HostileServer::arrivals(Act act) const { return counts_[static_cast<int>(act)]; }

void HostileServer::Serve(int fd) {
  timeval tv{0, 200000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string in;
  transport::HttpClient http(TransportConfig{});
  while (!stop_) {
    // One whole request: head, then Content-Length bytes of body.
    std::size_t headEnd;
    while ((headEnd = in.find("\r\n\r\n")) == std::string::npos) {
      char buf[4096];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return (void)::close(fd);
      if (n < 0) {
        if (stop_) return (void)::close(fd);
        continue;
      }
      in.append(buf, static_cast<std::size_t>(n));
    }
    std::string head = in.substr(0, headEnd);
    std::size_t cl = 0;
    for (const char* name : {"Content-Length: ", "content-length: "}) {
      auto p = head.find(name);
      if (p != std::string::npos) cl = std::stoul(head.substr(p + std::strlen(name)));
    }
    while (in.size() < headEnd + 4 + cl) {
      char buf[65536];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return (void)::close(fd);
      if (n > 0) in.append(buf, static_cast<std::size_t>(n));
    }
    std::string path = head.substr(head.find(' ') + 1);
    path = path.substr(0, path.find(' '));
    std::string body = in.substr(headEnd + 4, cl);
    in.erase(0, headEnd + 4 + cl);
    Act act = decide_(path, body);
    ++counts_[static_cast<int>(act)];
    if (act == Act::CloseSilently) return (void)::close(fd);  // read it all, answer nothing
    std::string answer;
    if (act == Act::Bomb) {
      answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n";
      std::string chunk(1 << 20, ' ');
      if (::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL) < 0) return (void)::close(fd);
      for (int i = 0; i < 1024 && !stop_; ++i)
        if (::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL) < 0) break;
      return (void)::close(fd);
    }
    transport::Failure f;
    auto r = http.PostJson(forward_ + path, body, &f);
    std::string content = r.ok() ? r.value.body : "{}";
    answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: " +
             std::to_string(content.size()) + "\r\n\r\n" + content;
    if (act == Act::Trickle) {
      for (char c : answer) {
        if (stop_ || ::send(fd, &c, 1, MSG_NOSIGNAL) < 0) return (void)::close(fd);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      continue;
    }
    if (::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL) < 0) return (void)::close(fd);
  }
  ::close(fd);
}

GuardedBuffer::GuardedBuffer(std::size_t size) : size_(size) {
  long page = sysconf(_SC_PAGESIZE);
  std::size_t pages = (size + static_cast<std::size_t>(page) - 1) / static_cast<std::size_t>(page) + 1;
  mapSize_ = pages * static_cast<std::size_t>(page);
  map_ = mmap(nullptr, mapSize_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map_ == MAP_FAILED) throw std::runtime_error("mmap");
  char* guard = static_cast<char*>(map_) + mapSize_ - static_cast<std::size_t>(page);
  if (mprotect(guard, static_cast<std::size_t>(page), PROT_NONE) != 0) throw std::runtime_error("mprotect");
  data_ = guard - size;
  std::memset(data_, 'x', size);
}

GuardedBuffer::~GuardedBuffer() { munmap(map_, mapSize_); }

}  // namespace onetrans::test
