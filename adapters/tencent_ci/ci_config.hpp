#pragma once
// Reader of the config file's "cos" section (Tencent COS / Cloud Infinite GetSnapshot buckets,
// credentials and snapshot pool sizes), naming the path of any bad field.

#include <rapidjson/document.h>

#include <string>

#include "adapters/tencent_ci/ci_settings.hpp"
#include "core/result.hpp"

namespace tg::adapters::tencent_ci {

/// Reads `value` (at `path`, normally "cos") into `settings`; unset fields keep their defaults.
tg::Result<Ok, std::string> read_cos_section(const rapidjson::Value& value, const std::string& path,
                                             adapters::tencent_ci::CiSettings& settings);

}  // namespace tg::adapters::tencent_ci
