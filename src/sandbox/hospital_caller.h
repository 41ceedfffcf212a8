// The platforms calling the hospital, as the sandbox plays them ([sandbox] hospitalUrl): what
// the real platforms do after events on their side.
//   AMP       — a HOSPITAL_PAYMENT / MERCHANT_WAIT_PAY push: ORG_001 and ORG_002, "the patient
//               pays", ORG_003; ORG_004 when ORG_003 answers exp or gets no answer.
//   Qingyuan  — a claim filed (HOS00020): HIS00003, then HIS00002 with an authorization image;
//               a claim settled (HOS00027 status 1): HIS00004.
//   一帐通    — on demand: card list, a balance transfer, its result query.
//   公众号    — on demand: MPAY_001 then MPAY_002.
// Calls run on a thread of their own, one flow after another; each is recorded for
// GET /sandbox/inbound (what was sent, what the hospital answered).
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "caller/caller.h"
#include "transport/http.h"

namespace onetrans::sandbox {

// A payment the patient made in the portal, as ORG_003 tells the hospital.
struct PortalPayment {
  std::string orgCode, subOrgCode, orgTraceNo, ampTraceId, traceId, payOrdId, idNo;
  std::string totalYuan, cashYuan, fundYuan;
};

class HospitalCaller {
 public:
  HospitalCaller(std::string hospitalUrl, caller::Credentials creds);
  ~HospitalCaller();
  HospitalCaller(const HospitalCaller&) = delete;
  HospitalCaller& operator=(const HospitalCaller&) = delete;

  bool enabled() const;
  // Where the flows set off by the simulators go from now on (a gateway started after the sandbox).
  void SetUrl(std::string url);
  // Each starts a flow; `url` (optional) overrides [sandbox] hospitalUrl for it.
  void AmpPaid(const PortalPayment& p, const std::string& url = "");
  void ClaimFiled(const std::string& treatmentSerialNo, const std::string& idNo, const std::string& url = "");
  void ClaimSettled(const std::string& treatmentSerialNo, const std::string& idNo, const std::string& url = "");
  void Yzt(const std::string& url = "");
  void Mpay(const std::string& url = "");
  // {"calls":[{"seq","flow","api","request","http","code","message","ok","verified","error","answer"}],"pending":n}
  std::string Json() const;
  // Flows queued or running.
  std::size_t pending() const;

 private:
  struct Record {
    int seq = 0;
    std::string flow, api, request, code, message, error, answer;
    int http = 0;
    bool ok = false, verified = false;
  };
  void Enqueue(std::function<void()> flow);
  // One call of a flow, recorded; the answer for the flow's next step.
  caller::Answer Send(const std::string& flow, const std::string& route, const std::string& api, const std::string& url,
                      const std::map<std::string, std::string>& overrides);
  std::string Url(const std::string& url) const;

  std::string url_;
  caller::Credentials creds_;
  transport::HttpClient http_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::vector<Record> records_;
  bool stop_ = false;
  std::size_t running_ = 0;
  std::thread worker_;
};

}  // namespace onetrans::sandbox
