#pragma once
// The standard vendors' settings in a parsed Config, by type.

#include "adapters/tencent_ci/ci_settings.hpp"
#include "adapters/tencent_vod/vod_settings.hpp"
#include "adapters/zego/zego_settings.hpp"
#include "gateway/config.hpp"

namespace tg::gateway::testing {

inline const adapters::zego::ZegoSettings& zego_of(const Config& c) {
  return c.vendor<adapters::zego::ZegoSettings>("zego");
}
inline const adapters::tencent_vod::VodSettings& vod_of(const Config& c) {
  return c.vendor<adapters::tencent_vod::VodSettings>("tencent_vod");
}
inline const adapters::tencent_ci::CiSettings& cos_of(const Config& c) {
  return c.vendor<adapters::tencent_ci::CiSettings>("tencent_ci");
}
inline adapters::tencent_ci::CiSettings& cos_of(Config& c) {
  return std::any_cast<adapters::tencent_ci::CiSettings&>(c.vendors.at("tencent_ci"));
}

}  // namespace tg::gateway::testing
