#include "server/socket.h"

#if defined(_WIN32)
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace onetrans::server::net {
namespace {

#if defined(_WIN32)
void SetNonBlocking(Socket s) {
  u_long on = 1;
  ioctlsocket(s, FIONBIO, &on);
}
#else
void SetNonBlocking(Socket s) {
  int flags = fcntl(s, F_GETFL, 0);
  fcntl(s, F_SETFL, flags | O_NONBLOCK);
  fcntl(s, F_SETFD, FD_CLOEXEC);
}
#endif

std::string Ip(const sockaddr_storage& a, int* port) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &v4->sin_addr, buf, sizeof buf);
    *port = ntohs(v4->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    inet_ntop(AF_INET6, &v6->sin6_addr, buf, sizeof buf);
    *port = ntohs(v6->sin6_port);
  }
  return buf;
}

void InitOnce() {
#if defined(_WIN32)
  static const bool started = [] {
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data) == 0;
  }();
  (void)started;
#endif
}

}  // namespace

Status Listen(const std::string& host, int port, Socket* out, int* boundPort) {
  InitOnce();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string service = std::to_string(port);
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &res) != 0 || res == nullptr)
    return Status::Fail(rc::kInvalidInput, "无法解析监听地址 " + host);
  Status result = Status::Fail(rc::kInternal, "无法监听 " + host + ":" + service + "（端口被占用或无权限）");
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    Socket s = ::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (s == kInvalid) continue;
    int yes = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char*>(&yes), sizeof yes);
    if (::bind(s, ai->ai_addr, static_cast<int>(ai->ai_addrlen)) != 0 || ::listen(s, 1024) != 0) {
      Close(s);
      continue;
    }
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    getsockname(s, reinterpret_cast<sockaddr*>(&bound), &len);
    Ip(bound, boundPort);
    SetNonBlocking(s);
    *out = s;
    result = Status::Ok();
    break;
  }
  freeaddrinfo(res);
  return result;
}

Socket AcceptNonBlocking(Socket listener, Peer* peer) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  Socket s = ::accept(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  if (s == kInvalid) return kInvalid;
  SetNonBlocking(s);
  int yes = 1;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&yes), sizeof yes);
  peer->ip = Ip(addr, &peer->port);
  sockaddr_storage local{};
  len = sizeof local;
  getsockname(s, reinterpret_cast<sockaddr*>(&local), &len);
  peer->localIp = Ip(local, &peer->localPort);
  return s;
}

#if defined(_WIN32)
long Recv(Socket s, char* buf, std::size_t n) { return ::recv(s, buf, static_cast<int>(n), 0); }
long Send(Socket s, const char* buf, std::size_t n) { return ::send(s, buf, static_cast<int>(n), 0); }
bool WouldBlock() { return WSAGetLastError() == WSAEWOULDBLOCK; }
void ShutdownWrite(Socket s) { ::shutdown(s, SD_SEND); }
void Close(Socket s) {
  if (s != kInvalid) closesocket(s);
}
void Poll(std::vector<PollEntry>& entries, int timeoutMs) {
  std::vector<WSAPOLLFD> fds(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i)
    fds[i] = {entries[i].fd, static_cast<SHORT>((entries[i].wantRead ? POLLRDNORM : 0) | (entries[i].wantWrite ? POLLWRNORM : 0)), 0};
  WSAPoll(fds.data(), static_cast<ULONG>(fds.size()), timeoutMs);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    entries[i].readable = (fds[i].revents & (POLLRDNORM | POLLHUP)) != 0;
    entries[i].writable = (fds[i].revents & POLLWRNORM) != 0;
    entries[i].error = (fds[i].revents & (POLLERR | POLLNVAL)) != 0;
  }
}
#else
long Recv(Socket s, char* buf, std::size_t n) {
  for (;;) {
    ssize_t r = ::recv(s, buf, n, 0);
    if (r < 0 && errno == EINTR) continue;
    return static_cast<long>(r);
  }
}
long Send(Socket s, const char* buf, std::size_t n) {
  for (;;) {
    ssize_t r = ::send(s, buf, n, MSG_NOSIGNAL);
    if (r < 0 && errno == EINTR) continue;
    return static_cast<long>(r);
  }
}
bool WouldBlock() { return errno == EAGAIN || errno == EWOULDBLOCK; }
void ShutdownWrite(Socket s) { ::shutdown(s, SHUT_WR); }
void Close(Socket s) {
  if (s != kInvalid) ::close(s);
}
void Poll(std::vector<PollEntry>& entries, int timeoutMs) {
  std::vector<pollfd> fds(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i)
    fds[i] = {entries[i].fd, static_cast<short>((entries[i].wantRead ? POLLIN : 0) | (entries[i].wantWrite ? POLLOUT : 0)), 0};
  int r;
  do {
    r = ::poll(fds.data(), fds.size(), timeoutMs);
  } while (r < 0 && errno == EINTR);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    entries[i].readable = (fds[i].revents & (POLLIN | POLLHUP)) != 0;
    entries[i].writable = (fds[i].revents & POLLOUT) != 0;
    entries[i].error = (fds[i].revents & (POLLERR | POLLNVAL)) != 0;
  }
}
#endif

// A connected pair of loopback UDP sockets works the same on every platform (Windows has no
// pipes it can poll).
Status Wakeup::Open() {
  InitOnce();
  read_ = ::socket(AF_INET, SOCK_DGRAM, 0);
  write_ = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (read_ == kInvalid || write_ == kInvalid) return Status::Fail(rc::kInternal, "无法创建内部唤醒套接字");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(read_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(read_, reinterpret_cast<sockaddr*>(&a), &len) != 0 ||
      ::connect(write_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
    return Status::Fail(rc::kInternal, "无法创建内部唤醒套接字");
  SetNonBlocking(read_);
  SetNonBlocking(write_);
  return Status::Ok();
}

Wakeup::~Wakeup() {
  Close(read_);
  Close(write_);
}

void Wakeup::Signal() {
  char b = 1;
  (void)::send(write_, &b, 1, 0);
}

void Wakeup::Drain() {
  char buf[256];
  while (::recv(read_, buf, sizeof buf, 0) > 0) {
  }
}

}  // namespace onetrans::server::net
