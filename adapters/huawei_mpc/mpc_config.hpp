#pragma once
// Reader of the config file's "huawei_mpc" section (AK/SK credentials and their projects, OBS input and
// output buckets, rate limit), naming the path of any bad field.

#include <rapidjson/document.h>

#include <string>

#include "adapters/huawei_mpc/mpc_settings.hpp"
#include "core/address_policy.hpp"
#include "core/result.hpp"

namespace tg::adapters::huawei_mpc {

/// Reads `value` (at `path`, normally "huawei_mpc") into `settings`; unset fields keep their defaults.
/// Origins of input buckets must pass `policy`.
tg::Result<Ok, std::string> read_mpc_section(const rapidjson::Value& value, const std::string& path,
                                             const AddressPolicy& policy, MpcSettings& settings);

/// True for an OBS bucket name: 3..63 lowercase letters, digits, '-' and '.', starting and ending with a
/// letter or digit.
bool valid_obs_bucket_name(std::string_view name);

/// True for a project id: 1..64 letters, digits, '-' and '_'.
bool valid_project_id(std::string_view id);

}  // namespace tg::adapters::huawei_mpc
