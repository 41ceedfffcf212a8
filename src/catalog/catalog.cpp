#include "catalog/catalog.h"

#include <cstdlib>
#include <functional>
#include <initializer_list>

namespace onetrans::embedded {
extern const unsigned char qingyuan_catalog[];
extern const std::size_t qingyuan_catalog_size;
extern const unsigned char amp_catalog[];
extern const std::size_t amp_catalog_size;
extern const unsigned char yzt_catalog[];
extern const std::size_t yzt_catalog_size;
extern const unsigned char mpay_catalog[];
extern const std::size_t mpay_catalog_size;
}  // namespace onetrans::embedded

namespace onetrans::catalog {
namespace {

Result<Type> ParseType(const std::string& t) {
  if (t == "string") return Type::String;
  if (t == "int") return Type::Int;
  if (t == "number") return Type::Number;
  if (t == "string|number") return Type::StringOrNumber;
  if (t == "list") return Type::List;
  if (t == "object") return Type::Object;
  if (t == "string|array") return Type::StringOrArray;
  if (t == "any") return Type::Any;
  return Status::Fail(rc::kInternal, "catalog: unknown type " + t);
}

// "32" -> max 32; "8-40" -> 8..40; "12,2" -> decimal precision 12, scale 2.
void ParseLen(const std::string& len, FieldRule* f) {
  if (len.empty()) return;
  auto comma = len.find(',');
  if (comma != std::string::npos) {
    f->precision = std::atoi(len.substr(0, comma).c_str());
    f->scale = std::atoi(len.substr(comma + 1).c_str());
    f->maxLen = static_cast<std::size_t>(f->precision + 2);  // digits, point and sign
    return;
  }
  auto dash = len.find('-');
  if (dash != std::string::npos) {
    f->minLen = static_cast<std::size_t>(std::atoi(len.substr(0, dash).c_str()));
    f->maxLen = static_cast<std::size_t>(std::atoi(len.substr(dash + 1).c_str()));
    return;
  }
  f->maxLen = static_cast<std::size_t>(std::atoi(len.c_str()));
}

std::vector<std::string> Strings(const json::Value& obj, const char* name) {
  std::vector<std::string> out;
  const json::Value* a = json::Find(obj, name);
  if (a != nullptr && a->IsArray())
    for (const auto& v : a->GetArray())
      if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
  return out;
}

// A misspelt key in the data would silently drop a rule: every key must be one we read.
Status KnownKeys(const json::Value& obj, std::initializer_list<const char*> known, const std::string& where) {
  if (!obj.IsObject()) return Status::Fail(rc::kInternal, "catalog: " + where + " must be an object");
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
    bool ok = false;
    for (const char* k : known) ok = ok || std::string_view(k) == it->name.GetString();
    if (!ok) return Status::Fail(rc::kInternal, "catalog: " + where + ": unknown key " + it->name.GetString());
  }
  return Status::Ok();
}

Status ParseFields(const json::Value& arr, std::vector<FieldRule>* out) {
  if (!arr.IsArray()) return Status::Fail(rc::kInternal, "catalog: fields must be an array");
  for (const auto& f : arr.GetArray()) {
    Status known = KnownKeys(f, {"name", "type", "use", "len", "format", "values", "valuesIgnoreCase", "aliases", "enum",
                                 "desc", "pii", "secret", "fields", "allowEmpty"},
                             "field " + json::GetStringOr(f, "name", "?"));
    if (!known.ok()) return known;
    FieldRule r;
    r.name = json::GetStringOr(f, "name", "");
    auto type = ParseType(json::GetStringOr(f, "type", "string"));
    if (!type.ok()) return type.status;
    r.type = type.value;
    std::string use = json::GetStringOr(f, "use", "O");
    r.use = use.empty() ? 'O' : use[0];
    if (r.use != 'M' && r.use != 'O' && r.use != 'C') return Status::Fail(rc::kInternal, "catalog: use must be M, O or C");
    const json::Value* allowEmpty = json::Find(f, "allowEmpty");
    r.allowEmpty = allowEmpty != nullptr && allowEmpty->IsBool() && allowEmpty->GetBool();
    ParseLen(json::GetStringOr(f, "len", ""), &r);
    r.format = json::GetStringOr(f, "format", "");
    r.values = Strings(f, "values");
    if (r.values.empty()) {
      r.values = Strings(f, "valuesIgnoreCase");
      r.valuesIgnoreCase = !r.values.empty();
    }
    r.aliases = Strings(f, "aliases");
    r.enumDict = json::GetStringOr(f, "enum", "");
    r.desc = json::GetStringOr(f, "desc", "");
    r.pii = json::GetStringOr(f, "pii", "");
    const json::Value* secret = json::Find(f, "secret");
    r.secret = secret != nullptr && secret->IsBool() && secret->GetBool();
    if (const json::Value* sub = json::Find(f, "fields")) {
      Status st = ParseFields(*sub, &r.fields);
      if (!st.ok()) return st;
    }
    if (r.name.empty()) return Status::Fail(rc::kInternal, "catalog: field without a name");
    out->push_back(std::move(r));
  }
  return Status::Ok();
}

std::vector<ConditionalRule> ParseRules(const json::Value& obj, const char* name) {
  std::vector<ConditionalRule> out;
  const json::Value* rules = json::Find(obj, name);
  if (rules == nullptr || !rules->IsArray()) return out;
  for (const auto& r : rules->GetArray()) {
    ConditionalRule cr;
    if (const json::Value* when = json::Find(r, "when")) {
      cr.field = json::GetStringOr(*when, "field", "");
      cr.equals = json::GetStringOr(*when, "equals", "");
    }
    cr.require = Strings(r, "require");
    cr.forbid = Strings(r, "forbid");
    cr.why = json::GetStringOr(r, "why", "");
    out.push_back(std::move(cr));
  }
  return out;
}

bool Flag(const json::Value& obj, const char* name) {
  const json::Value* v = json::Find(obj, name);
  return v != nullptr && v->IsBool() && v->GetBool();
}

}  // namespace

Result<Catalog> Catalog::Load(std::string_view jsonText) {
  json::Document doc;
  Status st = json::Parse(jsonText, &doc);
  if (!st.ok() || !doc.IsObject()) return Status::Fail(rc::kInternal, "catalog: not a JSON object: " + st.message);
  Catalog c;
  c.platform_ = json::GetStringOr(doc, "platform", "");
  if (const json::Value* rt = json::Find(doc, "rtCodes"); rt != nullptr && rt->IsObject())
    for (auto it = rt->MemberBegin(); it != rt->MemberEnd(); ++it)
      if (it->value.IsString()) c.rtCodes_[it->name.GetString()] = it->value.GetString();
  if (const json::Value* ds = json::Find(doc, "dictionaries"); ds != nullptr && ds->IsObject())
    for (auto d = ds->MemberBegin(); d != ds->MemberEnd(); ++d) {
      auto& dict = c.dictionaries_[d->name.GetString()];
      for (auto it = d->value.MemberBegin(); it != d->value.MemberEnd(); ++it)
        if (it->value.IsString()) dict[it->name.GetString()] = it->value.GetString();
    }
  const json::Value* tcs = json::Find(doc, "transCodes");
  if (tcs == nullptr || !tcs->IsObject()) return Status::Fail(rc::kInternal, "catalog: no transCodes");
  for (auto it = tcs->MemberBegin(); it != tcs->MemberEnd(); ++it) {
    Interface itf;
    itf.code = it->name.GetString();
    st = KnownKeys(it->value, {"name", "section", "direction", "path", "request", "response", "rules", "responseRules", "query",
                               "moneyMoving", "bill", "inbound", "note"},
                   itf.code);
    if (!st.ok()) return st;
    itf.name = json::GetStringOr(it->value, "name", "");
    itf.bill = json::GetStringOr(it->value, "bill", "");
    itf.path = json::GetStringOr(it->value, "path", "");
    itf.rules = ParseRules(it->value, "rules");
    itf.responseRules = ParseRules(it->value, "responseRules");
    std::string direction = json::GetStringOr(it->value, "direction", "outbound");
    if (direction != "outbound" && direction != "inbound")
      return Status::Fail(rc::kInternal, "catalog: " + itf.code + ": direction must be inbound or outbound");
    itf.inbound = direction == "inbound";
    if (const json::Value* in = json::Find(it->value, "inbound"); in != nullptr && in->IsObject()) {
      itf.inboundRules.moneyMoving = Flag(*in, "moneyMoving");
      itf.inboundRules.decidesMoney = Flag(*in, "decidesMoney");
      itf.inboundRules.idempotencyKey = Strings(*in, "idempotencyKey");
      itf.inboundRules.list = json::GetStringOr(*in, "list", "");
      itf.inboundRules.ref = json::GetStringOr(*in, "ref", "");
      if (const json::Value* settles = json::Find(*in, "settles"); settles != nullptr && settles->IsObject()) {
        itf.inboundRules.settles.apis = Strings(*settles, "apis");
        itf.inboundRules.settles.final = Strings(*settles, "final");
        itf.inboundRules.settles.ref = json::GetStringOr(*settles, "ref", "");
        itf.inboundRules.settles.field = json::GetStringOr(*settles, "field", "");
      }
      if (itf.inboundRules.moneyMoving && itf.inboundRules.idempotencyKey.empty())
        return Status::Fail(rc::kInternal, "catalog: " + itf.code + ": a money-moving inbound API needs an idempotencyKey");
    }
    const json::Value* q = json::Find(it->value, "query");
    itf.query = q != nullptr && q->IsBool() && q->GetBool();
    if (const json::Value* req = json::Find(it->value, "request")) {
      st = ParseFields(*req, &itf.request);
      if (!st.ok()) return st;
    }
    if (const json::Value* resp = json::Find(it->value, "response")) {
      st = ParseFields(*resp, &itf.response);
      if (!st.ok()) return st;
    }
    if (const json::Value* mm = json::Find(it->value, "moneyMoving"); mm != nullptr && mm->IsObject()) {
      UnknownOutcome u;
      u.query = json::GetStringOr(*mm, "query", "");
      u.carry = Strings(*mm, "carry");
      u.ref = json::GetStringOr(*mm, "ref", "");
      u.amount = json::GetStringOr(*mm, "amount", "");
      if (const json::Value* set = json::Find(*mm, "set"); set != nullptr && set->IsObject())
        for (auto s = set->MemberBegin(); s != set->MemberEnd(); ++s)
          if (s->value.IsString()) u.set.emplace_back(s->name.GetString(), s->value.GetString());
      if (const json::Value* settle = json::Find(*mm, "settle"); settle != nullptr && settle->IsObject()) {
        u.settle.field = json::GetStringOr(*settle, "field", "");
        u.settle.succeeded = Strings(*settle, "succeeded");
        u.settle.failed = Strings(*settle, "failed");
      }
      itf.moneyMoving = std::move(u);
    }
    c.interfaces_.emplace(itf.code, std::move(itf));
  }
  st = c.CheckDictionaries();
  if (!st.ok()) return st;
  return c;
}

Status Catalog::CheckDictionaries() const {
  std::function<Status(const std::vector<FieldRule>&, const std::string&)> walk = [&](const std::vector<FieldRule>& fields,
                                                                                   const std::string& where) -> Status {
    for (const auto& f : fields) {
      if (!f.enumDict.empty() && Dictionary(f.enumDict) == nullptr)
        return Status::Fail(rc::kInternal, "catalog: " + where + "." + f.name + ": no dictionary " + f.enumDict);
      Status st = walk(f.fields, where + "." + f.name);
      if (!st.ok()) return st;
    }
    return Status::Ok();
  };
  for (const auto& [code, itf] : interfaces_) {
    Status st = walk(itf.request, code + ".request");
    if (st.ok()) st = walk(itf.response, code + ".response");
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

const Interface* Catalog::Find(std::string_view code) const {
  auto it = interfaces_.find(code);
  return it == interfaces_.end() ? nullptr : &it->second;
}

const std::map<std::string, std::string>* Catalog::Dictionary(std::string_view name) const {
  auto it = dictionaries_.find(name);
  return it == dictionaries_.end() ? nullptr : &it->second;
}

std::string Catalog::RtMessage(std::string_view rtCode) const {
  auto it = rtCodes_.find(rtCode);
  return it == rtCodes_.end() ? std::string() : it->second;
}

const Interface* Catalog::FindByPath(std::string_view pathSuffix, bool inbound) const {
  for (const auto& [code, itf] : interfaces_)
    if (itf.inbound == inbound && !itf.path.empty() && itf.path == pathSuffix) return &itf;
  return nullptr;
}

namespace {
Catalog LoadEmbedded(const unsigned char* data, std::size_t size) {
  auto r = Catalog::Load(std::string_view(reinterpret_cast<const char*>(data), size));
  // The data is built into the library and covered by tests; failing here is a build defect.
  if (!r.ok()) std::abort();
  return std::move(r.value);
}
}  // namespace

const Catalog& Qingyuan() {
  static const Catalog c = LoadEmbedded(embedded::qingyuan_catalog, embedded::qingyuan_catalog_size);
  return c;
}

const Catalog& Amp() {
  static const Catalog c = LoadEmbedded(embedded::amp_catalog, embedded::amp_catalog_size);
  return c;
}

const Catalog& Yzt() {
  static const Catalog c = LoadEmbedded(embedded::yzt_catalog, embedded::yzt_catalog_size);
  return c;
}

const Catalog& Mpay() {
  static const Catalog c = LoadEmbedded(embedded::mpay_catalog, embedded::mpay_catalog_size);
  return c;
}

std::vector<const Catalog*> All() { return {&Qingyuan(), &Amp(), &Yzt(), &Mpay()}; }

}  // namespace onetrans::catalog
