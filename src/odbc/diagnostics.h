// What a driver said went wrong (SQLGetDiagRec), as the project reports errors: a Chinese
// message naming what failed, with the driver's SQLSTATE and text — and a verdict the callers
// act on: the connection is gone, the time ran out, a unique key was already taken.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "odbc/api.h"

namespace onetrans::odbc {

enum class Fault {
  kNone,
  kTimedOut,   // the deadline passed (cancelled, statement timeout, no connection free in time)
  kBroken,     // SQLSTATE 08xxx, the server shut down or went away: the connection is useless
  kIntegrity,  // SQLSTATE 23xxx: an INSERT met a UNIQUE key already taken (or another constraint)
  kConflict,   // SQLSTATE 40001 / 40P01: a deadlock or serialization failure; the server rolled the
               // whole transaction back, so running it again is safe
  kOther,
};

Fault FaultOf(std::string_view sqlstate, long native);

struct Diagnosis {
  std::string sqlstate;  // of the first record
  Fault fault = Fault::kOther;
  std::string text;      // "[SQLSTATE] message" of every record, joined by "; "
};

// Reads the handle's records; `secrets` (the connection's passwords) are replaced by *** in
// the text, whatever a driver chose to repeat.
Diagnosis Diagnose(SQLSMALLINT handleType, SQLHANDLE handle, const std::vector<std::string>& secrets);

}  // namespace onetrans::odbc
