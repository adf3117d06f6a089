#pragma once
// The Tencent VOD v2 vendor (/v2/index.php): config keys "tencent_vod" and "tencent" (its sprite templates
// and the snapshot templates it shares with the ZEGO front door); its front door is VodFrontDoor. Without
// API keys it serves no route.

#include <memory>

#include "adapters/front_door.hpp"

namespace tg::adapters::tencent_vod {

std::shared_ptr<const Vendor> vod_vendor();

}  // namespace tg::adapters::tencent_vod
