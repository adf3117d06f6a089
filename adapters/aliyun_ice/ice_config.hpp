#pragma once
// The "aliyun_ice" config section: JSON -> IceSettings, every bad value named by its path.

#include <rapidjson/document.h>

#include <string>

#include "adapters/aliyun_ice/ice_settings.hpp"
#include "core/result.hpp"

namespace tg::adapters::aliyun_ice {

tg::Result<Ok, std::string> read_aliyun_ice_section(const rapidjson::Value& section, const std::string& path,
                                                    IceSettings& settings);

/// An OSS bucket name: 3..63 lowercase letters, digits and '-', not starting or ending with '-'.
bool valid_oss_bucket_name(std::string_view name);

}  // namespace tg::adapters::aliyun_ice
