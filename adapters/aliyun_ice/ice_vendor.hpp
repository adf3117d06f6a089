#pragma once
// The Alibaba Cloud ICE vendor: the "aliyun_ice" config section and its front door.

#include <memory>

#include "adapters/front_door.hpp"

namespace tg::adapters::aliyun_ice {

std::shared_ptr<const Vendor> ice_vendor();

}  // namespace tg::adapters::aliyun_ice
