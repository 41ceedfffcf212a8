// The Qingyuan platform as the sandbox plays it: signing status per person, payment orders
// with queryIds, refunds against them, discharge trial and settlement, bill files, claims.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/json.h"
#include "platform/qingyuan.h"
#include "sandbox/sandbox.h"

namespace onetrans::sandbox {

class QingyuanSim {
 public:
  QingyuanSim(const Options& opts, std::string baseUrl);
  // Called (under the simulator's lock: they must only queue) when a claim is filed / settled.
  void OnClaim(std::function<void(const std::string& tsn, const std::string& idNo)> filed,
               std::function<void(const std::string& tsn, const std::string& idNo)> settled) {
    onClaimFiled_ = std::move(filed);
    onClaimSettled_ = std::move(settled);
  }

  // One gateway request body in, one reply body out (always a signed envelope).
  std::string Handle(const std::string& body);
  // A signed refusal without touching any state (the gateway's own 4008, say).
  std::string Refuse(const std::string& rtCode, const std::string& rtMsg);
  // The H5 page the user signs on: marks the person signed.
  bool SignByH5(const std::string& idNo);
  // Zip of the day's `!|` bill lines; nullopt when the date has no file.
  std::optional<std::string> BillZip(const std::string& yyyymmdd);

 private:
  struct Person {
    std::string idNo, name, mobile, signToken, signDate;
    char status = '0';  // 0 unsigned, 1 signed, 9 frozen
  };
  struct Order {  // payments (type 01) and refunds (type 02)
    std::string orderId, queryId, tradeNo, orderTime, orderType, accType = "03", status, idNo, name;
    std::string origQueryId;  // refunds: the payment they return money from
    std::int64_t amt = 0, refunded = 0;
    bool refund = false;
  };
  struct TrialRecord {
    std::string trialId, treatmentSerialNo;
    std::int64_t settleAmt = 0, nonCreditPayAmt = 0, psnAmt = 0, due = 0;
  };
  struct Settlement {
    std::string orderId, queryId, status, msg;
    std::int64_t settleAmt = 0, refundAmt = 0, psnAmt = 0, miAmt = 0, budgetAmt = 0, grAmt = 0;
    std::vector<std::string> depositQueryIds;
  };
  struct Case {
    std::string idNo, node = "0";
    std::set<std::string> uploaded;
  };
  struct Answer {
    std::string rtCode = "0000", rtMsg = "交易成功";
    std::optional<std::string> plaintext;
  };

  Answer Dispatch(const std::string& transCode, const json::Value& data);
  Answer SignQuery(const json::Value& d);
  Answer SignUrl(const json::Value& d);
  Answer Pay(const json::Value& d);
  Answer Refund(const json::Value& d);
  Answer StatusQuery(const json::Value& d);
  Answer DischargeTrial(const json::Value& d);
  Answer Settle(const json::Value& d);
  Answer SettleQuery(const json::Value& d);
  Answer Bill(const json::Value& d);
  Answer ClaimUpload(const std::string& transCode, const json::Value& d);
  Answer CaseRevoke(const json::Value& d);
  Answer CaseStatus(const json::Value& d);

  std::string SettlementJson(const Settlement& s, bool withPsnAmt) const;
  std::string OrderStatusJson(const Order& o) const;
  std::vector<std::string> QueryIds(const json::Value& v) const;
  Person& PersonFor(const std::string& idNo, const std::string& name);
  std::string NewId(const char* prefix);
  std::string Forward(const std::string& idNo) const;

  Options opts_;
  std::string baseUrl_;
  mutable std::mutex mu_;
  std::map<std::string, Person> persons_;          // by idNo
  std::map<std::string, std::string> tokens_;      // signToken -> idNo
  std::map<std::string, Order> orders_;            // by hospital orderId
  std::map<std::string, std::string> byQueryId_;   // queryId -> orderId
  std::map<std::string, TrialRecord> trials_;
  std::map<std::string, Settlement> settlements_;  // by orderId
  std::map<std::string, Case> cases_;              // by treatmentSerialNo
  std::set<std::string> seqIds_;
  std::function<void(const std::string&, const std::string&)> onClaimFiled_, onClaimSettled_;
  std::uint64_t counter_ = 0;
};

}  // namespace onetrans::sandbox
