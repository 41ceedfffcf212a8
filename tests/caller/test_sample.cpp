// The requests and answers his-check and the sandbox build from the catalog are valid by the
// catalog itself — for every inbound API, both directions.
#include <catch2/catch.hpp>

#include "caller/sample.h"
#include "catalog/catalog.h"
#include "core/json.h"

using namespace onetrans;

TEST_CASE("a sample of every inbound API's request and answer passes the catalog", "[caller][catalog]") {
  int apis = 0;
  for (const catalog::Catalog* c : catalog::All()) {
    for (const auto& [code, itf] : c->interfaces()) {
      if (!itf.inbound) continue;
      ++apis;
      INFO(code);
      json::Document req, resp;
      REQUIRE(json::Parse(caller::Sample(*c, itf, caller::Side::Request), &req).ok());
      Status st = c->Validate(itf, req);
      INFO(st.message);
      CHECK(st.ok());
      REQUIRE(json::Parse(caller::Sample(*c, itf, caller::Side::Response), &resp).ok());
      Status rst = c->ValidateResponse(itf, resp);
      INFO(rst.message);
      CHECK(rst.ok());
    }
  }
  CHECK(apis == 20);
  // Overrides set what the caller cares about.
  const auto* org3 = catalog::Amp().Find("ORG_003");
  json::Document d;
  REQUIRE(json::Parse(caller::Sample(catalog::Amp(), *org3, caller::Side::Request,
                                     {{"amp_trace_id", "AMP0001"}, {"feesum_amt", "88.00"}, {"mdtrt_cert_no", "441802198708081050"}}),
                      &d)
              .ok());
  CHECK(json::Text(d, "amp_trace_id") == "AMP0001");
  CHECK(json::Text(d, "feesum_amt") == "88.00");
  // A list's item field brings the optional list in, its item otherwise sampled.
  const auto* org2 = catalog::Amp().Find("ORG_002");
  json::Document list;
  REQUIRE(json::Parse(caller::Sample(catalog::Amp(), *org2, caller::Side::Response,
                                     {{"unsettlelist.org_trace_no", "MO1"}, {"unsettlelist.medfee_sumamt", "88.00"}}),
                      &list)
              .ok());
  REQUIRE(list["unsettlelist"].IsArray());
  CHECK(json::Text(list["unsettlelist"][0], "org_trace_no") == "MO1");
  CHECK(json::Text(list["unsettlelist"][0], "medfee_sumamt") == "88.00");
  CHECK(json::Find(list["unsettlelist"][0], "chrg_bchno") != nullptr);
  // A text field stays text, digits or not.
  REQUIRE(d["mdtrt_cert_no"].IsString());
  CHECK(std::string(d["mdtrt_cert_no"].GetString()) == "441802198708081050");
}
