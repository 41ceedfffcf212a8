#include "journal/journal.h"

#include "core/json.h"

namespace onetrans {

std::string JournalKey(const std::string& direction, const std::string& platform, const std::string& api,
                       const std::vector<std::string>& ids) {
  // The ids as a JSON array: no id can contain a separator that makes two keys collide.
  json::Document a(rapidjson::kArrayType);
  for (const auto& id : ids) a.PushBack(json::Str(id, a.GetAllocator()), a.GetAllocator());
  return direction + "|" + platform + "|" + api + "|" + json::Serialize(a);
}

}  // namespace onetrans
