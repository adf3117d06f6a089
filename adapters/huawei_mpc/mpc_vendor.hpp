#pragma once
// The Huawei Cloud MPC thumbnails vendor: config key "huawei_mpc"; its front door (MpcFrontDoor) serves
// /v1/{project_id}/thumbnails. Without credentials it serves no route.

#include <memory>

#include "adapters/front_door.hpp"

namespace tg::adapters::huawei_mpc {

std::shared_ptr<const Vendor> mpc_vendor();

}  // namespace tg::adapters::huawei_mpc
