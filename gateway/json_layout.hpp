#pragma once
// JSON text for people and diffs: a value on one line when it fits the width, else one member per line.

#include <rapidjson/document.h>

#include <cstddef>
#include <string>

namespace tg::gateway {

/// `value` as JSON indented by two spaces, each object or array on one line when that line (with its key
/// and comma) fits in `width` columns, else one member or item per line; ends with a newline.
std::string layout_json(const rapidjson::Value& value, std::size_t width = 120);

}  // namespace tg::gateway
