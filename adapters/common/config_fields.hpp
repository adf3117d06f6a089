#pragma once
// Readers for config JSON fields that name the path of any bad value; shared by every config section.

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "adapters/common/bucket_object.hpp"
#include "adapters/common/numbers.hpp"
#include "core/result.hpp"
#include "engine/engine.hpp"

namespace tg::adapters::config_fields {

using Value = rapidjson::Value;
using Error = tg::Unexpected<std::string>;

inline Error field_error(const std::string& path, const std::string& what) { return tg::unexpected(path + ": " + what); }

inline std::string child(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

inline bool starts_with_http(std::string_view text) {
  auto lower_prefix = [&](std::string_view prefix) {
    if (text.size() <= prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    return true;
  };
  return lower_prefix("http://") || lower_prefix("https://");
}

inline bool has_control_chars(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// Checks that `object` (at `path`) has only `allowed` members, each once.
inline tg::Result<Ok, std::string> only_fields(const Value& object, const std::string& path,
                                        std::initializer_list<std::string_view> allowed) {
  std::set<std::string_view> seen;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return field_error(child(path, name), "unknown field");
    }
    if (!seen.insert(name).second) return field_error(child(path, name), "appears twice");
  }
  return Ok{};
}

// Every member of a free-form map object appears once.
inline tg::Result<Ok, std::string> unique_keys(const Value& object, const std::string& path) {
  std::set<std::string_view> seen;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (!seen.insert(name).second) return field_error(child(path, name), "appears twice");
  }
  return Ok{};
}

inline const Value* member(const Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

inline tg::Result<Ok, std::string> read_string(const Value& object, const std::string& path, const char* name,
                                        std::string& out, bool allow_empty = false) {
  const Value* v = member(object, name);
  if (!v) return Ok{};
  if (!v->IsString()) return field_error(child(path, name), "must be a string");
  std::string text(v->GetString(), v->GetStringLength());
  if (!allow_empty && text.empty()) return field_error(child(path, name), "must not be empty");
  if (text.find('\0') != std::string::npos) return field_error(child(path, name), "must not contain NUL");
  out = std::move(text);
  return Ok{};
}

template <class Int>
tg::Result<Ok, std::string> read_int(const Value& object, const std::string& path, const char* name, Int& out,
                                     int64_t min, int64_t max) {
  const Value* v = member(object, name);
  if (!v) return Ok{};
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  if (!v->IsInt64() || v->GetInt64() < min || v->GetInt64() > max) {
    return field_error(child(path, name), "must be an integer " + range);
  }
  out = static_cast<Int>(v->GetInt64());
  return Ok{};
}

inline tg::Result<Ok, std::string> read_bool(const Value& object, const std::string& path, const char* name, bool& out) {
  const Value* v = member(object, name);
  if (!v) return Ok{};
  if (!v->IsBool()) return field_error(child(path, name), "must be true or false");
  out = v->GetBool();
  return Ok{};
}

inline tg::Result<Ok, std::string> read_format(const Value& object, const std::string& path, engine::ImageFormat& out) {
  const Value* v = member(object, "format");
  if (!v) return Ok{};
  if (v->IsString() && std::string_view(v->GetString()) == "jpg") {
    out = engine::ImageFormat::kJpeg;
  } else if (v->IsString() && std::string_view(v->GetString()) == "png") {
    out = engine::ImageFormat::kPng;
  } else {
    return field_error(child(path, "format"), "must be \"jpg\" or \"png\"");
  }
  return Ok{};
}

/// Reads `object[name]` (required) as a bucket's root: an http(s) origin URL without spaces, or a folder
/// (relative to media_root, or absolute) without control characters or '..' segments (bucket_root_error).
inline tg::Result<Ok, std::string> read_bucket_root(const Value& object, const std::string& path, const char* name,
                                                    std::string& out) {
  if (!member(object, name)) return field_error(child(path, name), "is required");
  TG_TRY(read_string(object, path, name, out));
  if (auto bad = bucket_root_error(out)) return field_error(child(path, name), *bad);
  return Ok{};
}

/// Reads `object[name]`, when present, as a map of template id (a Uint32) -> template, each read by
/// `read_one(value, path, T&)`; a template replaces the one already in `out` under its id.
template <class T, class ReadOne>
tg::Result<Ok, std::string> read_template_map(const Value& object, const std::string& path, const char* name,
                                              std::map<uint32_t, T>& out, ReadOne read_one) {
  const Value* map = member(object, name);
  if (!map) return Ok{};
  const std::string mpath = child(path, name);
  if (!map->IsObject()) return field_error(mpath, "must be an object of template id -> template");
  TG_TRY(unique_keys(*map, mpath));
  for (auto it = map->MemberBegin(); it != map->MemberEnd(); ++it) {
    const std::string tpath = child(mpath, it->name.GetString());
    auto id = adapters::parse_uint32(it->name.GetString());
    if (!id) return field_error(tpath, "template ids must be decimal digits (a Uint32)");
    T t;
    TG_TRY(read_one(it->value, tpath, t));
    out[*id] = t;
  }
  return Ok{};
}

}  // namespace tg::adapters::config_fields
