#include "catalog/masking.h"

namespace onetrans::catalog {
namespace {

Sensitive KindOf(const FieldRule& f) {
  if (f.secret) return Sensitive::Secret;
  if (f.pii == "idNo") return Sensitive::IdNumber;
  if (f.pii == "name") return Sensitive::Name;
  if (f.pii == "phone") return Sensitive::Phone;
  if (f.pii == "card") return Sensitive::Card;
  if (f.pii == "address") return Sensitive::Address;
  return Sensitive::None;
}

void Collect(const std::vector<FieldRule>& fields, std::map<std::string, Sensitive, std::less<>>* out) {
  for (const auto& f : fields) {
    Sensitive kind = KindOf(f);
    if (kind != Sensitive::None) {
      // A name flagged differently in two places keeps the stronger mask (a secret wins).
      auto [it, fresh] = out->emplace(f.name, kind);
      if (!fresh && kind == Sensitive::Secret) it->second = kind;
      for (const auto& alias : f.aliases) out->emplace(alias, kind);
    }
    Collect(f.fields, out);
  }
}

}  // namespace

MaskPolicy BuildMaskPolicy(const std::vector<std::string>& secrets) {
  MaskPolicy p;
  for (const Catalog* c : All())
    for (const auto& [code, itf] : c->interfaces()) {
      Collect(itf.request, &p.fields);
      Collect(itf.response, &p.fields);
    }
  // Credentials that travel in requests but are no catalog field (they configure the call).
  for (const char* name : {"key", "appKey", "orgSecret", "token", "sign", "signData", "password"}) p.fields.emplace(name, Sensitive::Secret);
  p.secrets = secrets;
  return p;
}

}  // namespace onetrans::catalog
