#pragma once
// The Tencent COS / Cloud Infinite GetSnapshot vendor: config key "cos"; its front door (CosFrontDoor)
// owns the snapshot pool, the result cache and the hot inputs, and is asked before the gateway's own
// paths because a bucket's host owns its whole path space. Without buckets it serves no route.

#include <memory>

#include "adapters/front_door.hpp"

namespace tg::adapters::tencent_ci {

std::shared_ptr<const Vendor> cos_vendor();

}  // namespace tg::adapters::tencent_ci
