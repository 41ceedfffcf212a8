#include "server/server.h"

#include <httplib.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include "server/socket.h"

namespace onetrans::server {
namespace {

using Clock = std::chrono::steady_clock;
using ms = std::chrono::milliseconds;

// httplib's request processing, reachable: process_request is protected.
class Router : public httplib::Server {
 public:
  bool Process(httplib::Stream& strm, bool* closed) {
    bool connectionClosed = false;
    bool ok = process_request(strm, false, connectionClosed, nullptr);
    *closed = connectionClosed || !ok;
    return ok;
  }
};

enum class State { Handshake, Idle, Head, Body, Busy, Writing, Lingering };

struct Conn {
  net::Socket fd = net::kInvalid;
  SSL* ssl = nullptr;
  std::string peerIp, localIp;
  int peerPort = 0, localPort = 0;
  State state = State::Idle;
  Clock::time_point deadline, since;
  std::string in;        // bytes received and not yet consumed
  std::size_t headEnd = 0, requestEnd = 0, contentLength = 0;
  bool chunked = false, continueSent = false;
  std::string out;       // the answer being written
  std::size_t outPos = 0;
  bool closeAfterWrite = false, refused = false;
  bool wantWrite = false;  // TLS: the handshake or a read needs the socket writable
};

// What httplib reads and writes for one request: the request's bytes, already received, and
// a buffer for the answer. No socket is touched on a worker.
class BufferedStream final : public httplib::Stream {
 public:
  explicit BufferedStream(Conn& c) : c_(c) {}
  bool is_readable() const override { return pos_ < c_.requestEnd; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    std::size_t n = std::min(size, c_.requestEnd - pos_);
    std::memcpy(ptr, c_.in.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    c_.out.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.peerIp;
    port = c_.peerPort;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.localIp;
    port = c_.localPort;
  }
  // httplib compares this with FD_SETSIZE only (its select() limit, which we never reach).
  socket_t socket() const override { return static_cast<socket_t>(0); }

 private:
  Conn& c_;
  std::size_t pos_ = 0;
};

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

const char* Reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

std::string Refusal(int status, const std::string& why) {
  std::string body = "{\"error\":\"" + why + "\"}";
  return "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) +
         "\r\nContent-Type: application/json; charset=UTF-8\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

}  // namespace

struct Server::Impl {
  explicit Impl(Limits l) : limits(l) {}

  Limits limits;
  Router router;
  SSL_CTX* sslCtx = nullptr;
  net::Socket listener = net::kInvalid;
  net::Wakeup wakeup;
  int port = 0;
  std::atomic<bool> stopping{false}, accepting{true};
  std::atomic<std::size_t> open{0};
  Clock::time_point stopDeadline;
  std::thread loop;
  std::vector<std::thread> workers;

  // Owned by the event thread, except a Busy connection, which its worker holds.
  std::list<std::unique_ptr<Conn>> conns;

  std::mutex mu;  // guards the two queues and the stats
  std::condition_variable ready;
  std::deque<Conn*> todo;  // complete requests for the workers
  std::deque<Conn*> done;  // answered, back to the event thread
  std::size_t busy = 0;
  Stats stats;

  // ---- event thread ----

  void Close(std::list<std::unique_ptr<Conn>>::iterator it) {
    Conn& c = **it;
    if (c.ssl != nullptr) {
      SSL_shutdown(c.ssl);  // best effort: a close_notify, never waited for
      SSL_free(c.ssl);
    }
    net::Close(c.fd);
    conns.erase(it);
    --open;
  }

  void Refuse(Conn& c, int status, const std::string& why) {
    c.refused = c.ssl == nullptr;  // over TLS the close_notify is enough
    c.out = Refusal(status, why);
    c.outPos = 0;
    c.closeAfterWrite = true;
    c.state = State::Writing;
    c.deadline = Clock::now() + ms(limits.writeTimeoutMs);
  }

  void Accept() {
    for (;;) {
      net::Peer peer;
      net::Socket fd = net::AcceptNonBlocking(listener, &peer);
      if (fd == net::kInvalid) return;
      if (conns.size() >= limits.maxConnections && !MakeRoom()) {
        net::Close(fd);
        std::lock_guard<std::mutex> lock(mu);
        ++stats.overloaded;
        continue;
      }
      auto c = std::make_unique<Conn>();
      c->fd = fd;
      c->peerIp = peer.ip;
      c->peerPort = peer.port;
      c->localIp = peer.localIp;
      c->localPort = peer.localPort;
      c->since = Clock::now();
      if (sslCtx != nullptr) {
        c->ssl = SSL_new(sslCtx);
        if (c->ssl == nullptr || SSL_set_fd(c->ssl, static_cast<int>(fd)) != 1) {
          if (c->ssl != nullptr) SSL_free(c->ssl);
          net::Close(fd);
          continue;
        }
        SSL_set_accept_state(c->ssl);
        c->state = State::Handshake;
        c->deadline = Clock::now() + ms(limits.headerTimeoutMs);
      } else {
        c->state = State::Idle;
        c->deadline = Clock::now() + ms(limits.keepAliveTimeoutMs);
      }
      conns.push_back(std::move(c));
      ++open;
      std::lock_guard<std::mutex> lock(mu);
      ++stats.accepted;
    }
  }

  // At maxConnections: the oldest idle connection goes; else the one that has taken longest to
  // send its request (a slowloris); a connection a worker holds or that is being answered never.
  bool MakeRoom() {
    auto pick = [&](std::initializer_list<State> states) {
      auto best = conns.end();
      for (auto it = conns.begin(); it != conns.end(); ++it) {
        bool match = std::find(states.begin(), states.end(), (*it)->state) != states.end();
        if (match && (best == conns.end() || (*it)->since < (*best)->since)) best = it;
      }
      return best;
    };
    auto victim = pick({State::Idle, State::Lingering});
    if (victim == conns.end()) victim = pick({State::Handshake, State::Head, State::Body});
    if (victim == conns.end()) return false;
    Close(victim);
    std::lock_guard<std::mutex> lock(mu);
    ++stats.evicted;
    return true;
  }

  // Reads what is there; false when the connection is finished (EOF, error).
  bool Receive(Conn& c) {
    char buf[16384];
    for (int rounds = 0; rounds < 64; ++rounds) {
      long n;
      if (c.ssl != nullptr) {
        int r = SSL_read(c.ssl, buf, sizeof buf);
        if (r <= 0) {
          int e = SSL_get_error(c.ssl, r);
          if (e == SSL_ERROR_WANT_READ) return true;
          if (e == SSL_ERROR_WANT_WRITE) {
            c.wantWrite = true;
            return true;
          }
          return false;
        }
        n = r;
      } else {
        n = net::Recv(c.fd, buf, sizeof buf);
        if (n == 0) return false;
        if (n < 0) return net::WouldBlock();
      }
      c.in.append(buf, static_cast<std::size_t>(n));
      if (c.in.size() > limits.maxHeaderBytes + limits.maxBodyBytes + sizeof buf) return true;  // Advance refuses it
      if (c.ssl == nullptr && static_cast<std::size_t>(n) < sizeof buf) return true;
    }
    return true;
  }

  // Moves a connection on from what it has received: a complete request goes to a worker.
  void Advance(Conn& c) {
    Clock::time_point now = Clock::now();
    if (c.state == State::Idle) {
      if (c.in.empty()) return;
      c.state = State::Head;
      c.deadline = now + ms(limits.headerTimeoutMs);
    }
    if (c.state == State::Head) {
      std::size_t end = c.in.find("\r\n\r\n");
      bool tooLong = end == std::string::npos ? c.in.size() > limits.maxHeaderBytes : end + 4 > limits.maxHeaderBytes;
      if (tooLong) return Refuse(c, 431, "request head larger than " + std::to_string(limits.maxHeaderBytes) + " bytes");
      if (end == std::string::npos) return;
      c.headEnd = end + 4;
      if (!ParseHead(c)) return;
      c.state = State::Body;
      c.deadline = now + ms(limits.bodyTimeoutMs);
    }
    if (c.state == State::Body) {
      std::size_t have = c.in.size() - c.headEnd;
      if (!c.chunked) {
        if (have < c.contentLength) return SendContinue(c);
        c.requestEnd = c.headEnd + c.contentLength;
      } else {
        int chunkState = ScanChunked(c);
        if (chunkState < 0) return Refuse(c, 400, "malformed chunked body");
        if (chunkState == 0) {
          if (have > limits.maxBodyBytes + 64 * 1024) return Refuse(c, 413, "body larger than maxBodyBytes");
          return SendContinue(c);
        }
      }
      Dispatch(c);
    }
  }

  // The request line and headers: how long the body is, and whether it may be that long.
  bool ParseHead(Conn& c) {
    std::string_view head(c.in.data(), c.headEnd - 4);
    c.contentLength = 0;
    c.chunked = false;
    bool hasLength = false, expectContinue = false;
    std::size_t expectLine = std::string::npos, expectLineEnd = 0;
    std::size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos && pos < head.size()) {
      std::size_t lineStart = pos + 2;
      std::size_t next = head.find("\r\n", lineStart);
      std::string_view line = head.substr(lineStart, next == std::string_view::npos ? std::string_view::npos : next - lineStart);
      auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string_view name = Trim(line.substr(0, colon)), value = Trim(line.substr(colon + 1));
        if (IEquals(name, "Content-Length")) {
          std::size_t v = 0;
          bool digits = !value.empty() && value.size() <= 12;
          for (char ch : value) digits = digits && ch >= '0' && ch <= '9';
          if (!digits) {
            Refuse(c, 400, "bad Content-Length");
            return false;
          }
          for (char ch : value) v = v * 10 + static_cast<std::size_t>(ch - '0');
          if (hasLength && v != c.contentLength) {
            Refuse(c, 400, "conflicting Content-Length");
            return false;
          }
          hasLength = true;
          c.contentLength = v;
        } else if (IEquals(name, "Transfer-Encoding")) {
          if (!IEquals(value, "chunked")) {
            Refuse(c, 501, "unsupported Transfer-Encoding");
            return false;
          }
          c.chunked = true;
        } else if (IEquals(name, "Expect") && IEquals(value, "100-continue")) {
          expectContinue = true;
          expectLine = lineStart;
          expectLineEnd = next == std::string_view::npos ? head.size() : next + 2;
        }
      }
      pos = next;
    }
    if (hasLength && c.chunked) {
      Refuse(c, 400, "both Content-Length and chunked");
      return false;
    }
    if (c.contentLength > limits.maxBodyBytes) {
      std::lock_guard<std::mutex> lock(mu);
      ++stats.tooLarge;
      Refuse(c, 413, "body of " + std::to_string(c.contentLength) + " bytes, more than maxBodyBytes (" +
                         std::to_string(limits.maxBodyBytes) + ")");
      return false;
    }
    // We answer 100-continue ourselves (the body must arrive before a worker sees the request),
    // and take the header out so that httplib does not answer it a second time.
    if (expectContinue) {
      c.in.erase(expectLine, expectLineEnd - expectLine);
      c.headEnd -= expectLineEnd - expectLine;
      c.continueSent = false;
    } else {
      c.continueSent = true;
    }
    return true;
  }

  void SendContinue(Conn& c) {
    if (c.continueSent) return;
    c.continueSent = true;
    static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
    // Small and first on the connection: the socket takes it whole.
    if (c.ssl != nullptr) {
      SSL_write(c.ssl, kContinue, sizeof kContinue - 1);
    } else {
      net::Send(c.fd, kContinue, sizeof kContinue - 1);
    }
  }

  // 1: the chunked body is complete (requestEnd set); 0: more to come; -1: malformed.
  int ScanChunked(Conn& c) {
    std::size_t p = c.headEnd;
    std::size_t bodyBytes = 0;
    for (;;) {
      std::size_t eol = c.in.find("\r\n", p);
      if (eol == std::string::npos) return c.in.size() - p > 64 ? -1 : 0;
      std::size_t size = 0, digits = 0;
      for (std::size_t i = p; i < eol && c.in[i] != ';'; ++i) {
        char ch = c.in[i];
        int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        if (v < 0 || ++digits > 8) return -1;
        size = size * 16 + static_cast<std::size_t>(v);
      }
      if (digits == 0) return -1;
      bodyBytes += size;
      if (bodyBytes > limits.maxBodyBytes) return -1;
      p = eol + 2;
      if (size == 0) {
        // Trailers, then an empty line.
        for (;;) {
          std::size_t t = c.in.find("\r\n", p);
          if (t == std::string::npos) return 0;
          if (t == p) {
            c.requestEnd = t + 2;
            return 1;
          }
          p = t + 2;
        }
      }
      if (c.in.size() < p + size + 2) return 0;
      if (c.in.compare(p + size, 2, "\r\n") != 0) return -1;
      p += size + 2;
    }
  }

  void Dispatch(Conn& c) {
    std::lock_guard<std::mutex> lock(mu);
    if (todo.size() >= limits.workers * 16) {
      ++stats.overloaded;
      Refuse(c, 503, "busy");
      return;
    }
    c.state = State::Busy;
    ++busy;
    todo.push_back(&c);
    ready.notify_one();
  }

  // Writes what it can; false when the connection is finished.
  bool Flush(Conn& c) {
    while (c.outPos < c.out.size()) {
      long n;
      if (c.ssl != nullptr) {
        int r = SSL_write(c.ssl, c.out.data() + c.outPos, static_cast<int>(std::min<std::size_t>(c.out.size() - c.outPos, 1 << 20)));
        if (r <= 0) {
          int e = SSL_get_error(c.ssl, r);
          return e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ;
        }
        n = r;
      } else {
        n = net::Send(c.fd, c.out.data() + c.outPos, c.out.size() - c.outPos);
        if (n < 0) return net::WouldBlock();
      }
      c.outPos += static_cast<std::size_t>(n);
    }
    c.out.clear();
    c.outPos = 0;
    if (c.closeAfterWrite) {
      if (!c.refused) return false;
      // A refusal (413, 431, 400…) may come while the client still sends: read and drop what it
      // sends for a moment, so it reads the refusal instead of a reset. Nothing is kept.
      net::ShutdownWrite(c.fd);
      c.state = State::Lingering;
      c.deadline = Clock::now() + ms(1000);
      return true;
    }
    // Kept alive: what is left of the input is the next request.
    c.state = State::Idle;
    c.since = Clock::now();
    c.deadline = c.since + ms(limits.keepAliveTimeoutMs);
    if (!c.in.empty()) Advance(c);
    return true;
  }

  void Handshake(Conn& c, bool* alive) {
    int r = SSL_do_handshake(c.ssl);
    if (r == 1) {
      c.state = State::Idle;
      c.wantWrite = false;
      c.deadline = Clock::now() + ms(limits.keepAliveTimeoutMs);
      *alive = Receive(c);  // the request may have come with the handshake's last flight
      return;
    }
    int e = SSL_get_error(c.ssl, r);
    c.wantWrite = e == SSL_ERROR_WANT_WRITE;
    *alive = e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
  }

  void Run() {
    std::vector<net::PollEntry> fds;
    std::vector<std::list<std::unique_ptr<Conn>>::iterator> owners;
    for (;;) {
      TakeBack();
      if (stopping && conns.empty()) break;
      if (stopping && accepting) {
        accepting = false;
        net::Close(listener);
        listener = net::kInvalid;
      }
      fds.clear();
      owners.clear();
      fds.push_back({wakeup.fd(), true, false});
      if (accepting) fds.push_back({listener, true, false});
      for (auto it = conns.begin(); it != conns.end(); ++it) {
        Conn& c = **it;
        if (c.state == State::Busy) continue;
        bool write = c.state == State::Writing || c.wantWrite;
        bool read = c.state != State::Writing || c.wantWrite;
        // TLS may hold decrypted bytes the socket no longer shows.
        if (c.ssl != nullptr && c.state != State::Writing && c.state != State::Handshake && SSL_pending(c.ssl) > 0) {
          write = true;  // poll returns at once; Receive reads the pending bytes
        }
        fds.push_back({c.fd, read, write});
        owners.push_back(it);
      }
      net::Poll(fds, 100);
      if (fds[0].readable) wakeup.Drain();
      std::size_t first = accepting ? 2 : 1;
      bool incoming = accepting && fds[1].readable;
      Clock::time_point now = Clock::now();
      for (std::size_t i = first; i < fds.size(); ++i) {
        auto it = owners[i - first];
        Conn& c = **it;
        bool alive = true;
        if (fds[i].error && !fds[i].readable) alive = false;
        if (alive && (fds[i].readable || fds[i].writable)) {
          if (c.state == State::Handshake) {
            Handshake(c, &alive);
          } else if (c.state == State::Writing) {
            alive = Flush(c);
          } else if (c.state == State::Lingering) {
            char sink[65536];
            long n = net::Recv(c.fd, sink, sizeof sink);
            alive = n > 0 || (n < 0 && net::WouldBlock());
          } else {
            c.wantWrite = false;
            alive = Receive(c);
          }
          if (alive && !stopping && c.state != State::Handshake && c.state != State::Writing && c.state != State::Busy &&
              c.state != State::Lingering)
            Advance(c);
          if (alive && c.state == State::Writing && fds[i].writable) alive = Flush(c);
        }
        if (alive && c.state != State::Busy && now > c.deadline) {
          alive = false;
          if (c.state != State::Idle) {
            std::lock_guard<std::mutex> lock(mu);
            ++stats.timedOut;
          }
        }
        // Stopping: nothing new starts; answers being written get until the grace period ends.
        if (alive && stopping && c.state != State::Busy && (c.state != State::Writing || now > stopDeadline)) alive = false;
        if (!alive) Close(it);
      }
      // After the pass above: making room may close connections `owners` still points to.
      if (incoming) Accept();
    }
  }

  // Connections the workers have answered: write their answers from this thread.
  void TakeBack() {
    std::deque<Conn*> back;
    {
      std::lock_guard<std::mutex> lock(mu);
      back.swap(done);
    }
    for (Conn* c : back) {
      c->state = State::Writing;
      c->outPos = 0;
      c->deadline = Clock::now() + ms(limits.writeTimeoutMs);
      if (!Flush(*c)) {
        for (auto it = conns.begin(); it != conns.end(); ++it)
          if (it->get() == c) {
            Close(it);
            break;
          }
      }
    }
  }

  // ---- workers ----

  void Work() {
    for (;;) {
      Conn* c = nullptr;
      {
        std::unique_lock<std::mutex> lock(mu);
        ready.wait(lock, [&] { return !todo.empty() || (stopping && busy == 0); });
        if (todo.empty()) return;
        c = todo.front();
        todo.pop_front();
      }
      bool closed = true;
      try {
        BufferedStream strm(*c);
        router.Process(strm, &closed);
      } catch (...) {
        closed = true;  // httplib answers handler exceptions itself; anything else closes
      }
      c->in.erase(0, c->requestEnd);
      c->requestEnd = 0;
      c->closeAfterWrite = closed || stopping;
      {
        std::lock_guard<std::mutex> lock(mu);
        --busy;
        done.push_back(c);
      }
      ready.notify_all();
      wakeup.Signal();
    }
  }
};

Server::Server(Limits limits) : impl_(std::make_unique<Impl>(limits)) {}

Server::~Server() { Stop(0); }

httplib::Server& Server::routes() { return impl_->router; }

Status Server::Start(const std::string& host, int port, const std::string& tlsCert, const std::string& tlsKey,
                     const std::function<void(int port)>& onBound) {
  Impl& m = *impl_;
  m.router.set_payload_max_length(m.limits.maxBodyBytes);
  m.router.set_keep_alive_timeout(std::max<long>(1, m.limits.keepAliveTimeoutMs / 1000));
  if (!tlsCert.empty() || !tlsKey.empty()) {
    m.sslCtx = SSL_CTX_new(TLS_server_method());
    if (m.sslCtx == nullptr) return Status::Fail(rc::kInternal, "TLS 初始化失败");
    SSL_CTX_set_min_proto_version(m.sslCtx, TLS1_2_VERSION);
    SSL_CTX_set_mode(m.sslCtx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(m.sslCtx, tlsCert.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(m.sslCtx, tlsKey.c_str(), SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(m.sslCtx) != 1) {
      ERR_clear_error();
      return Status::Fail(rc::kInvalidInput, "TLS 证书或私钥无效（tlsCert=" + tlsCert + "，tlsKey=" + tlsKey + "）");
    }
  }
  Status st = m.wakeup.Open();
  if (!st.ok()) return st;
  st = net::Listen(host, port, &m.listener, &m.port);
  if (!st.ok()) return st;
  if (onBound) onBound(m.port);
  for (std::size_t i = 0; i < m.limits.workers; ++i) m.workers.emplace_back([&m] { m.Work(); });
  m.loop = std::thread([&m] { m.Run(); });
  return Status::Ok();
}

void Server::Stop(long graceMs) {
  Impl& m = *impl_;
  if (!m.loop.joinable()) return;
  m.stopDeadline = Clock::now() + ms(graceMs);
  m.stopping = true;
  m.wakeup.Signal();
  // Requests in flight finish (handlers are bounded by their own timeouts) and are answered;
  // the event thread writes the last answers, closes everything else and ends.
  m.ready.notify_all();
  for (auto& t : m.workers) t.join();
  m.workers.clear();
  m.wakeup.Signal();
  m.loop.join();
  for (auto it = m.conns.begin(); it != m.conns.end();) {
    auto next = std::next(it);
    m.Close(it);
    it = next;
  }
  if (m.listener != net::kInvalid) net::Close(m.listener);
  m.listener = net::kInvalid;
  if (m.sslCtx != nullptr) SSL_CTX_free(m.sslCtx);
  m.sslCtx = nullptr;
}

int Server::port() const { return impl_->port; }
bool Server::tls() const { return impl_->sslCtx != nullptr; }

Stats Server::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Stats s = impl_->stats;
  s.busy = impl_->busy;
  s.open = impl_->open;
  return s;
}

}  // namespace onetrans::server
