// The AMP regional portal as the sandbox plays it: pushed messages, settlements made when a
// pushed payment order is paid, refunds against them (ING -> SUCCESS), refund queries,
// and daily bill files (zip of the seed's CSV) behind expiring download URLs.
#pragma once
#include <chrono>
#include <functional>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/json.h"
#include "sandbox/hospital_caller.h"
#include "sandbox/sandbox.h"

namespace onetrans::sandbox {

class AmpSim {
 public:
  AmpSim(const Options& opts, std::string baseUrl);
  // Called (under the simulator's lock: it must only queue) when a patient pays in the portal.
  void OnPaid(std::function<void(const PortalPayment&)> hook) { onPaid_ = std::move(hook); }
  std::string Handle(const std::string& apiSuffix, const std::string& body);
  // The zip behind a download URL; *gone when it expired.
  std::optional<std::string> BillFile(const std::string& token, bool* gone);
  // What ORG_003 would tell the hospital about a paid order: its ampTraceId / traceId.
  std::string SettlementJson(const std::string& medOrgOrd);
  // Every message pushed for a hospital order, oldest first: [{pushType, orderStatus, time}].
  std::string PushesJson(const std::string& medOrgOrd);

 private:
  using Clock = std::chrono::steady_clock;
  struct Settlement {
    std::string ampTraceId, traceId, orgTraceNo, orgCode, subOrgCode, payOrdId, time, idNo, idType;
    std::int64_t cashFen = 0, fundFen = 0, refundedCash = 0, refundedFund = 0;
  };
  struct Refund {
    std::string refundTraceId, ampRefundId, traceId, payOrdId, outRefundNo, orgCode, subOrgCode, time, orgTraceNo;
    std::int64_t cashFen = 0, fundFen = 0;
    Clock::time_point created;
  };
  struct BillLink {
    std::string zip;
    Clock::time_point expires;
  };
  struct Answer {
    std::string code = "0";
    std::string message = "成功";
    std::optional<std::string> plaintext;
  };

  Answer PushMsg(const json::Value& d);
  Answer RefundApply(const json::Value& d);
  Answer QueryRefund(const json::Value& d);
  Answer TradeFile(const json::Value& d);
  std::string RefundJson(const Refund& r, bool query) const;
  std::string Csv(const std::string& orgCode, const std::string& subOrgCode, const std::string& date, const std::string& type) const;
  std::string NewId(const char* prefix);

  Options opts_;
  std::string baseUrl_;
  mutable std::mutex mu_;
  std::map<std::string, Settlement> settlements_;  // by orgTraceNo (the HIS order)
  std::map<std::string, std::vector<std::string>> pushes_;  // by medOrgOrd: JSON of each message
  std::map<std::string, Refund> refunds_;          // by orgCode + "/" + outRefundNo
  std::map<std::string, BillLink> bills_;          // by token
  std::set<std::string> signatures_;               // replay protection
  std::function<void(const PortalPayment&)> onPaid_;
  std::uint64_t counter_ = 0;
};

}  // namespace onetrans::sandbox
