// Reads are retried, money never is: a query call whose exchange failed (transport, reply
// that cannot be decrypted or verified) is tried again up to transport.queryRetries times,
// waiting retryBackoffMs, then twice that, and so on.
#pragma once
#include <chrono>
#include <thread>

#include "catalog/catalog.h"
#include "core/config.h"
#include "core/status.h"

namespace onetrans::exchange {

inline bool ShouldRetry(const catalog::Interface& itf, const Status& st, int attempt, const TransportConfig& cfg) {
  if (!itf.query || itf.moneyMoving || attempt >= static_cast<int>(cfg.queryRetries)) return false;
  return st.code == rc::kTransport || st.code == rc::kDecrypt || st.code == rc::kSignature;
}

inline void Backoff(int attempt, const TransportConfig& cfg) {
  long ms = cfg.retryBackoffMs;
  for (int i = 0; i < attempt && ms < 60000; ++i) ms *= 2;
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace onetrans::exchange
