// A valid request (or answer) for an API, built from its catalog entry: every required field
// with a realistic value that keeps its type, length, format and dictionary, and what the
// conditional rules require for the values chosen. `overrides` set the fields that matter to the
// caller: the text itself for text fields, a JSON value's text for numbers, lists and objects;
// "list.field" sets a field of a list's one item (or of an object) and brings the list in.
#pragma once
#include <map>
#include <string>

#include "catalog/catalog.h"

namespace onetrans::caller {

enum class Side { Request, Response };

std::string Sample(const catalog::Catalog& c, const catalog::Interface& itf, Side side,
                   const std::map<std::string, std::string>& overrides = {});

}  // namespace onetrans::caller
