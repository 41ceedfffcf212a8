// The server of the sandbox and the gateway against hostile clients: slow heads (slowloris),
// hundreds of idle keep-alive connections, bodies over the limit, garbage. A legitimate call is
// still answered promptly, and the server stays up for the next one.
#include <catch2/catch.hpp>

#include "support/hostile.h"
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "sandbox/sandbox.h"
#include "server/server.h"
#include "support/harness.h"

using namespace onetrans;
using namespace std::chrono_literals;

namespace {

int Connect(int port) { return test::ConnectLoopback(port); }

void SendAll(int fd, const std::string& s) { (void)::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }

std::string ReadSome(int fd, int timeoutMs) {
  timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[4096];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

TEST_CASE("50 slowloris and 300 idle keep-alive clients do not starve a legitimate call", "[server][hostile]") {
  sandbox::Options opts;
  opts.limits.headerTimeoutMs = 3000;
  opts.limits.workers = 4;
  test::SandboxHarness h("", opts);
  int port = h.sandbox().port();
  std::vector<int> idle, slow;
  for (int i = 0; i < 300; ++i) {
    int fd = Connect(port);
    REQUIRE(fd >= 0);
    idle.push_back(fd);
  }
  // Half of the idle ones have had a request answered and stay kept alive.
  for (int i = 0; i < 150; ++i) {
    SendAll(idle[static_cast<std::size_t>(i)], "GET /sandbox/stats HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(ReadSome(idle[static_cast<std::size_t>(i)], 2000).find("200 OK") != std::string::npos);
  }
  for (int i = 0; i < 50; ++i) {
    int fd = Connect(port);
    REQUIRE(fd >= 0);
    SendAll(fd, "POST /qingyuan/gateway HTTP/1.1\r\nHost: x\r\n");
    slow.push_back(fd);
  }
  std::atomic<bool> stop{false};
  std::thread trickle([&] {  // a header line every second, never the end of the head
    while (!stop) {
      for (int fd : slow) SendAll(fd, "X-Slow: 1\r\n");
      for (int i = 0; i < 10 && !stop; ++i) std::this_thread::sleep_for(100ms);
    }
  });
  for (int round = 0; round < 3; ++round) {
    auto start = std::chrono::steady_clock::now();
    test::Answer a = test::Call(test::Req("HOS00012", R"("orderId":"PAYNONE0001",)" + std::string(test::kHosp)));
    auto took = std::chrono::steady_clock::now() - start;
    CHECK(a.code == "000000");
    CHECK(took < 2s);
    std::this_thread::sleep_for(1s);
  }
  // The slow heads were cut off at headerTimeoutMs; the server is up for the next call.
  std::this_thread::sleep_for(1500ms);
  stop = true;
  trickle.join();
  CHECK(h.sandbox().serverStats().timedOut >= 50);
  CHECK(test::Call(test::Req("HOS00012", R"("orderId":"PAYNONE0002",)" + std::string(test::kHosp))).code == "000000");
  for (int fd : idle) ::close(fd);
  for (int fd : slow) ::close(fd);
}

TEST_CASE("a body over maxBodyBytes is refused 413 before it is sent, and garbage gets 400", "[server][hostile]") {
  sandbox::Options opts;
  opts.limits.maxBodyBytes = 1 << 20;
  test::SandboxHarness h("", opts);
  int fd = Connect(h.sandbox().port());
  REQUIRE(fd >= 0);
  // Announces 300 MB and sends none of it: the refusal comes at once.
  auto start = std::chrono::steady_clock::now();
  SendAll(fd, "POST /qingyuan/gateway HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 314572800\r\n\r\n");
  std::string answer = ReadSome(fd, 2000);
  CHECK(answer.find("413") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < 1s);
  ::close(fd);
  int bad = Connect(h.sandbox().port());
  SendAll(bad, "POST /x HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n");
  CHECK(ReadSome(bad, 2000).find("400") != std::string::npos);
  ::close(bad);
  int huge = Connect(h.sandbox().port());
  SendAll(huge, "GET / HTTP/1.1\r\nX: " + std::string(40000, 'a') + "\r\n\r\n");
  CHECK(ReadSome(huge, 2000).find("431") != std::string::npos);
  ::close(huge);
  CHECK(test::Call(test::Req("HOS00012", R"("orderId":"PAYNONE0003",)" + std::string(test::kHosp))).code == "000000");
}

TEST_CASE("more connections than maxConnections: the oldest idle one makes room", "[server][hostile]") {
  sandbox::Options opts;
  opts.limits.maxConnections = 40;
  test::SandboxHarness h("", opts);
  std::vector<int> fds;
  for (int i = 0; i < 60; ++i) fds.push_back(Connect(h.sandbox().port()));
  std::this_thread::sleep_for(300ms);
  CHECK(test::Call(test::Req("HOS00012", R"("orderId":"PAYNONE0004",)" + std::string(test::kHosp))).code == "000000");
  auto stats = h.sandbox().serverStats();
  CHECK(stats.evicted >= 20);
  CHECK(stats.open <= 40);
  for (int fd : fds) ::close(fd);
}

TEST_CASE("pipelined and chunked requests on one connection", "[server]") {
  test::SandboxHarness h;
  int fd = Connect(h.sandbox().port());
  std::string get = "GET /sandbox/stats HTTP/1.1\r\nHost: x\r\n\r\n";
  SendAll(fd, get + get);
  std::string got;
  for (int i = 0; i < 20 && got.find("200 OK", got.find("200 OK") + 1) == std::string::npos; ++i) got += ReadSome(fd, 200);
  CHECK(got.find("200 OK", got.find("200 OK") + 1) != std::string::npos);
  SendAll(fd, "POST /sandbox/faults HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"mod\r\n14\r\ne\":\"none\",\"count\":0}\r\n0\r\n\r\n");
  CHECK(ReadSome(fd, 2000).find("200 OK") != std::string::npos);
  ::close(fd);
}
