#pragma once
// The ZEGO MediaThumbnails vendor: config keys "apps", "tencent" (snapshot and sample templates) and
// "huawei"; creates a demo app when the gateway starts with none; its front door is ZegoFrontDoor.

#include <memory>

#include "adapters/front_door.hpp"

namespace tg::adapters::zego {

std::shared_ptr<const adapters::Vendor> zego_vendor();

}  // namespace tg::adapters::zego
