#pragma once
// Reader of the ZEGO front door's part of the config file: "apps" (AppIds, secrets, callbacks, limits),
// the snapshot and sample templates of "tencent" and the "huawei" defaults, naming the path of any bad
// field.

#include <rapidjson/document.h>

#include <string>

#include "adapters/zego/zego_settings.hpp"
#include "core/address_policy.hpp"
#include "core/result.hpp"

namespace tg::adapters::zego {

/// Reads "apps", "tencent" and "huawei" from the config's root object; absent keys keep the defaults.
/// Callback URLs must pass `policy`.
tg::Result<ZegoSettings, std::string> read_zego_config(const rapidjson::Value& root, const AddressPolicy& policy);

/// Reads the "snapshot_templates" and "sample_templates" of the "tencent" object (at `path`) into
/// `settings`, adding to (or replacing) the built-in ones.
tg::Result<Ok, std::string> read_tencent_templates(const rapidjson::Value& tencent, const std::string& path,
                                                   ZegoSettings& settings);

}  // namespace tg::adapters::zego
