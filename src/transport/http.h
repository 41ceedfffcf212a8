// HTTP(S) over libcurl: POST JSON / GET files, timeouts, proxy, TLS verification, and a
// pool of easy handles so consecutive calls reuse their kept-alive connections.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/status.h"

namespace onetrans::transport {

struct Response {
  long httpStatus = 0;
  std::string body;
};

// Whether the request may have reached the server: decides between "not sent, safe to
// retry" and "outcome unknown" for money-moving calls.
enum class Delivery { NotSent, MaybeSent };

struct Failure {
  Delivery delivery = Delivery::NotSent;
  bool timedOut = false;
};

using Progress = std::function<void(std::size_t received, std::size_t total)>;

struct PostOptions {
  // A request that moves money goes on a new connection that is closed after it: libcurl
  // silently re-sends a request whose reused keep-alive connection turns out dead, and a
  // payment must never be sent twice by anyone.
  bool freshConnection = false;
  long timeoutMs = 0;  // the whole exchange; 0: transport.readTimeoutMs
  std::vector<std::string> headers;  // more request headers ("Name: value")
  bool anyStatus = false;            // an answer with any HTTP status is a response, not a failure
};

class HttpClient {
 public:
  explicit HttpClient(TransportConfig cfg);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Status 000100 on any transport failure, HTTP status other than 200 or empty body;
  // *failure says whether the request may have been delivered.
  Result<Response> PostJson(const std::string& url, const std::string& body, Failure* failure, const PostOptions& opts = {});
  Result<Response> Get(const std::string& url, Failure* failure, const Progress& progress = {});

  // Connections opened so far (for tests and benchmarks of connection reuse).
  long connectionsOpened() const;

 private:
  struct Handle;
  std::unique_ptr<Handle> Acquire();
  void Release(std::unique_ptr<Handle> h);
  Result<Response> Perform(Handle& h, const std::string& url, const std::string* postBody, Failure* failure,
                           const Progress& progress, const PostOptions& opts);

  TransportConfig cfg_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Handle>> idle_;
  long connections_ = 0;
};

}  // namespace onetrans::transport
