#pragma once
// The JSON writing MPC's answers and its stored task records share.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "adapters/huawei_mpc/thumbnail_request.hpp"

namespace tg::adapters::huawei_mpc {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

inline void put(JsonWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

/// An OBS object as MPC writes it: {"bucket", "location", "object"}.
inline void put_obs(JsonWriter& w, const char* key, const ObsObject& obs) {
  w.Key(key);
  w.StartObject();
  put(w, "bucket", obs.bucket);
  put(w, "location", obs.location);
  put(w, "object", obs.object);
  w.EndObject();
}

}  // namespace tg::adapters::huawei_mpc
