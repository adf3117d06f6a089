#include "adapters/registry.hpp"

#include "adapters/aliyun_ice/ice_vendor.hpp"
#include "adapters/huawei_mpc/mpc_vendor.hpp"
#include "adapters/player/player_vendor.hpp"
#include "adapters/tencent_ci/cos_vendor.hpp"
#include "adapters/tencent_vod/vod_vendor.hpp"
#include "adapters/zego/zego_vendor.hpp"

namespace tg::adapters {

VendorList standard_vendors() {
  return {
      tencent_ci::cos_vendor(),  // a bucket's host owns its whole path space, so it is asked first
      player::player_vendor(),  // /v/… only
      tencent_vod::vod_vendor(),
      zego::zego_vendor(),
      huawei_mpc::mpc_vendor(),
      aliyun_ice::ice_vendor(),  // after ZEGO: takes only /?Action=… that is unmistakably ICE, and /oss/
  };
}

}  // namespace tg::adapters
