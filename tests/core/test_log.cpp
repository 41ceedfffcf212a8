// The logger's masking: by the catalogs' pii/secret flags (one source of truth for every field
// of every API, both directions) and by value, wherever an ID number, a mobile number or a
// configured secret appears in a line.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "catalog/masking.h"
#include "core/json.h"
#include "core/log.h"

using namespace onetrans;

namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A value for a flagged field that is unmistakable in a log (and long enough to mask).
std::string Marker(std::size_t n) { return "MARK" + std::to_string(100000 + n) + "VALUE"; }

// Every field of a list of catalog fields as a JSON object, flagged ones with a marker value.
void Fill(const std::vector<catalog::FieldRule>& fields, json::Value* obj, json::Allocator& a, std::vector<std::string>* flagged) {
  obj->SetObject();
  for (const auto& f : fields) {
    json::Value v;
    if (f.type == catalog::Type::List || f.type == catalog::Type::Object) {
      json::Value inner;
      Fill(f.fields, &inner, a, flagged);
      if (f.type == catalog::Type::List) {
        v.SetArray();
        v.PushBack(inner, a);
      } else {
        v = std::move(inner);
      }
    } else if (f.secret || !f.pii.empty()) {
      std::string m = Marker(flagged->size());
      flagged->push_back(m);
      v = json::Str(m, a);
    } else {
      v = json::Str("plain", a);
    }
    obj->AddMember(json::Str(f.name, a), v, a);
  }
}

}  // namespace

TEST_CASE("masking by kind", "[log]") {
  CHECK(MaskValue(Sensitive::IdNumber, "441802198708081050") == "4418**********1050");
  CHECK(MaskValue(Sensitive::Phone, "13800000001") == "138****0001");
  CHECK(MaskValue(Sensitive::Name, "张三丰") == "张**");
  CHECK(MaskValue(Sensitive::Secret, "STabc") == "******");
  CHECK(MaskValue(Sensitive::Address, "广东省清远市清城区某某路1号") == "广东省清远市***");
  CHECK(MaskValue(Sensitive::None, "PAY1") == "PAY1");
}

TEST_CASE("the catalogs' flags are the mask policy: orgSecret, hisCustId, cert_no, traceNoIn's ID numbers", "[log]") {
  MaskPolicy p = catalog::BuildMaskPolicy({"CONFIGSECRET123"});
  CHECK(p.KindOf("orgSecret") == Sensitive::Secret);       // amp.json: getTradeFile's orgSecret
  CHECK(p.KindOf("signToken") == Sensitive::Secret);
  CHECK(p.KindOf("cert_no") == Sensitive::IdNumber);       // inbound ORG_* (amp.json part 2)
  CHECK(p.KindOf("idNo") == Sensitive::IdNumber);
  CHECK(p.KindOf("ID_NO") == Sensitive::IdNumber);         // mpay.json
  CHECK(p.KindOf("psn_name") == Sensitive::Name);
  CHECK(p.KindOf("orderId") == Sensitive::None);
  std::string masked = MaskJson(R"({"data":{"orgSecret":"OTSANDBOXSECRET1","billDate":"2026-11-23"},"key":"K"})", p);
  CHECK(masked == R"({"data":{"orgSecret":"******","billDate":"2026-11-23"},"key":"******"})");
  CHECK(MaskJson("not json", p).find("withheld") != std::string::npos);
  CHECK(MaskJson(R"({"imageBase64":")" + std::string(1000, 'A') + R"("})", p) == R"({"imageBase64":"<1000 bytes omitted>"})");
}

TEST_CASE("scrubbing by value: ID numbers and mobiles anywhere, secrets, but not ids that merely contain digits", "[log]") {
  MaskPolicy p = catalog::BuildMaskPolicy({"CONFIGSECRET123"});
  CHECK(Scrub("forwardUrl=http://h/sign?idNo=441802198708081050&x=1", p) == "forwardUrl=http://h/sign?idNo=4418**********1050&x=1");
  CHECK(Scrub("\"hisCustId\":\"35020519870808105X\"", p) == "\"hisCustId\":\"3502**********105X\"");
  CHECK(Scrub("tel 13800000001.", p) == "tel 138****0001.");
  CHECK(Scrub("key=CONFIGSECRET123&", p) == "key=******&");
  // A platformSeqId (14-digit time + 18 alphanumerics) and amounts are not personal data.
  CHECK(Scrub("seq=20261201120000123456789012abcdef", p) == "seq=20261201120000123456789012abcdef");
  CHECK(Scrub("seq=202612011200001234aB", p) == "seq=202612011200001234aB");
  CHECK(Scrub("amt=12345", p) == "amt=12345");
}

TEST_CASE("every flagged field of every API, both directions, logged at debug: none in clear", "[log][catalog]") {
  std::string dir = "log_walk_dir";
  REQUIRE(std::system(("rm -rf " + dir + " && mkdir -p " + dir).c_str()) == 0);
  LogConfig cfg;
  cfg.dir = dir;
  cfg.level = "debug";
  std::vector<std::string> flagged;
  {
    Logger log(cfg, catalog::BuildMaskPolicy({}));
    REQUIRE(log.debugEnabled());
    std::size_t apis = 0;
    for (const catalog::Catalog* c : catalog::All()) {
      for (const auto& [code, itf] : c->interfaces()) {
        for (const auto* fields : {&itf.request, &itf.response}) {
          json::Document d;
          Fill(*fields, &d, d.GetAllocator(), &flagged);
          log.Body(c->platform() + " " + code, json::Serialize(d));
          ++apis;
        }
      }
    }
    CHECK(apis >= 2 * (18 + 4 + 9 + 3 + 6 + 2));  // every outbound and inbound API, request and response
  }
  std::string text = ReadAll(dir + "/onetrans.log");
  REQUIRE(text.find("plain") != std::string::npos);  // the bodies are there
  CHECK(flagged.size() > 40);
  for (const auto& m : flagged) {
    INFO(m);
    CHECK(text.find(m) == std::string::npos);
  }
  std::system(("rm -rf " + dir).c_str());
}
