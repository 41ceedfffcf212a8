// The demo's hospital: a handler behind the in-process gateway with an in-memory ledger. It
// answers every inbound API with a reply valid for the catalog (caller::Sample), filled from
// the request and the ledger: the bill the outbound pushMsg announced, the payment ORG_003
// books, the balance a transfer brings in, the order MPAY_001 places and MPAY_002 settles.
#pragma once
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "onetrans/onetrans.h"

namespace onetrans::cli {

class DemoHis {
 public:
  // A bill waiting for payment in the portal (what pushMsg told the patient).
  void Owe(const std::string& orgTraceNo, const std::string& idNo, const std::string& amountYuan);
  // The reply to one handler request (the gateway's plain JSON).
  std::string Answer(const std::string& request);
  // What the ledger did since the last call, one line each, for the demo's output.
  std::vector<std::string> TakeEvents();
  // How many times a bill was booked as paid, and for how much.
  int booked(const std::string& orgTraceNo, std::string* amountYuan = nullptr) const;

  static void ONETRANS_CALL Handler(void* user, const char* request, void* reply);

 private:
  struct Bill {
    std::string idNo, amountYuan, docTraceNo, ampTraceId, callSn;
    int booked = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, Bill> bills_;                    // org_trace_no →
  std::map<std::string, std::string> transfers_;         // traceNoIn → callSn
  struct Order {
    std::string payOrdId, totalYuan;
  };
  std::map<std::string, Order> orders_;                  // medOrgOrd →
  long balanceFen_ = 50000;                              // the 预交金 account
  int serial_ = 0;
  std::vector<std::string> events_;
};

}  // namespace onetrans::cli
