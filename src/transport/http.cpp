#include "transport/http.h"

#include <curl/curl.h>

namespace onetrans::transport {
namespace {

void GlobalInit() {
  // Once per process; curl_global_cleanup is never called because a host may unload us
  // while other threads still use libcurl through another module.
  static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)rc;
}

struct Sink {
  std::string* body;
  std::size_t limit;
  bool overflow = false;
  const Progress* progress;
};

size_t Write(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t bytes = size * n;
  if (sink->body->size() + bytes > sink->limit) {
    sink->overflow = true;
    return 0;  // aborts the transfer
  }
  sink->body->append(data, bytes);
  return bytes;
}

int OnProgress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->progress != nullptr && *sink->progress)
    (*sink->progress)(static_cast<std::size_t>(dlnow), static_cast<std::size_t>(dltotal));
  return 0;
}

bool NeverSent(CURLcode c) {
  switch (c) {
    case CURLE_UNSUPPORTED_PROTOCOL: case CURLE_URL_MALFORMAT: case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_CONNECT: case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION: case CURLE_SSL_CACERT_BADFILE: case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER: case CURLE_SSL_ENGINE_NOTFOUND: case CURLE_SSL_ISSUER_ERROR:
      return true;
    default:
      return false;
  }
}

std::string Explain(CURLcode c, const char* detail) {
  std::string why;
  switch (c) {
    case CURLE_COULDNT_CONNECT: why = "无法连接服务器"; break;
    case CURLE_COULDNT_RESOLVE_HOST: why = "无法解析服务器域名"; break;
    case CURLE_OPERATION_TIMEDOUT: why = "请求超时"; break;
    case CURLE_PEER_FAILED_VERIFICATION: why = "服务器证书验证失败（证书不受信任或与域名不符，可配置 transport.caBundle）"; break;
    case CURLE_SSL_CONNECT_ERROR: why = "TLS握手失败"; break;
    case CURLE_GOT_NOTHING: why = "服务器未返回任何数据"; break;
    case CURLE_RECV_ERROR: case CURLE_SEND_ERROR: why = "连接中断"; break;
    default: why = "网络错误"; break;
  }
  std::string text = why + "（curl " + std::to_string(static_cast<int>(c)) + ": " + curl_easy_strerror(c);
  if (detail != nullptr && *detail != '\0') text += "; " + std::string(detail);
  return text + "）";
}

}  // namespace

struct HttpClient::Handle {
  CURL* curl = nullptr;
  ~Handle() { if (curl != nullptr) curl_easy_cleanup(curl); }
};

HttpClient::HttpClient(TransportConfig cfg) : cfg_(std::move(cfg)) { GlobalInit(); }
HttpClient::~HttpClient() = default;

std::unique_ptr<HttpClient::Handle> HttpClient::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto h = std::move(idle_.back());
      idle_.pop_back();
      return h;
    }
  }
  auto h = std::make_unique<Handle>();
  h->curl = curl_easy_init();
  return h;
}

void HttpClient::Release(std::unique_ptr<Handle> h) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < 16) idle_.push_back(std::move(h));
}

long HttpClient::connectionsOpened() const {
  std::lock_guard<std::mutex> lock(mu_);
  return connections_;
}

Result<Response> HttpClient::PostJson(const std::string& url, const std::string& body, Failure* failure,
                                      const PostOptions& opts) {
  auto h = Acquire();
  if (h->curl == nullptr) return Status::Fail(rc::kInternal, "curl_easy_init 失败");
  auto r = Perform(*h, url, &body, failure, {}, opts);
  Release(std::move(h));
  return r;
}

Result<Response> HttpClient::Get(const std::string& url, Failure* failure, const Progress& progress) {
  auto h = Acquire();
  if (h->curl == nullptr) return Status::Fail(rc::kInternal, "curl_easy_init 失败");
  auto r = Perform(*h, url, nullptr, failure, progress, {});
  Release(std::move(h));
  return r;
}

Result<Response> HttpClient::Perform(Handle& h, const std::string& url, const std::string* postBody,
                                     Failure* failure, const Progress& progress, const PostOptions& opts) {
  CURL* c = h.curl;
  Response resp;
  Sink sink{&resp.body, cfg_.maxResponseBytes, false, &progress};
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  if (postBody != nullptr) {
    headers = curl_slist_append(headers, "Content-Type: application/json; charset=UTF-8");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    for (const auto& h : opts.headers) headers = curl_slist_append(headers, h.c_str());
  }
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // signals are not thread-safe
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, cfg_.connectTimeoutMs);
  // libcurl has no separate read timeout: readTimeoutMs bounds the whole exchange.
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, opts.timeoutMs > 0 ? opts.timeoutMs : cfg_.readTimeoutMs);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, progress ? 0L : 1L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &sink);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  // No proxy unless the configuration names one: "" tells libcurl to ignore http_proxy and
  // friends, so a payment never goes through a proxy nobody configured. "env": the variables.
  curl_easy_setopt(c, CURLOPT_PROXY, cfg_.proxy == "env" ? nullptr : cfg_.proxy.c_str());
  curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, opts.freshConnection ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_FORBID_REUSE, opts.freshConnection ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_CAINFO, cfg_.caBundle.empty() ? nullptr : cfg_.caBundle.c_str());
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, cfg_.verifyTls ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, cfg_.verifyTls ? 2L : 0L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  if (postBody != nullptr) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, postBody->data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(postBody->size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  }
  CURLcode code = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  curl_slist_free_all(headers);

  long newConnections = 0, requestSize = 0;
  curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &newConnections);
  curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &requestSize);
  {
    std::lock_guard<std::mutex> lock(mu_);
    connections_ += newConnections;
  }
  failure->delivery = (code != CURLE_OK && (NeverSent(code) || requestSize == 0)) ? Delivery::NotSent : Delivery::MaybeSent;
  failure->timedOut = code == CURLE_OPERATION_TIMEDOUT;
  if (sink.overflow)
    return Status::Fail(rc::kTransport, "应答超过上限 " + std::to_string(cfg_.maxResponseBytes) + " 字节（transport.maxResponseBytes）");
  if (code != CURLE_OK) return Status::Fail(rc::kTransport, Explain(code, errbuf));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.httpStatus);
  if (opts.anyStatus) return resp;
  if (resp.httpStatus != 200)
    return Status::Fail(rc::kTransport, "服务器返回HTTP状态 " + std::to_string(resp.httpStatus));
  if (resp.body.empty()) return Status::Fail(rc::kTransport, "服务器返回空应答");
  return resp;
}

}  // namespace onetrans::transport
