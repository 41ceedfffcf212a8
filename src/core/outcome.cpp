#include "core/outcome.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace onetrans {

Outcome LocalFailure(const Status& st, bool timedOut) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  int code = st.code == rc::kInvalidInput ? -2 : timedOut ? -3 : -1;
  w.StartObject();
  w.Key("code");
  w.Int(code);
  w.Key("message");
  w.String(st.message.c_str(), static_cast<rapidjson::SizeType>(st.message.size()));
  w.Key("data");
  w.Null();
  w.EndObject();
  return Outcome{st.code, std::string(buf.GetString(), buf.GetSize())};
}

}  // namespace onetrans
