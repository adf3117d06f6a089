#pragma once
// `thumbgate sign zego|tencent_vod ACTION [NAME=VALUE …]`: prints a ready signed request URL with the
// credentials of the config, so that a newcomer can call and follow a task without computing a signature.
// The signatures are signing/signed_query.hpp's, the ones the start-up demo URL uses.

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "adapters/front_door.hpp"

namespace tg::cli {

struct SignContext {
  const std::map<std::string, adapters::VendorSettings, std::less<>>& vendors;  // by vendor name
  std::string base_url;  // where the gateway is reached, no trailing slash
  std::string data_dir;  // where the demo app's credentials are kept
  int64_t now_s = 0;
};

/// `args` follow "sign". Returns the process exit code: 0 printed, 1 no credentials, 2 usage.
int run_sign_command(const SignContext& context, std::vector<std::string> args, std::ostream& out,
                     std::ostream& err);

inline constexpr const char* kSignUsage =
    "usage: thumbgate sign zego MediaThumbnails|DescribeMediaTask [NAME=VALUE ...] [--app APP_ID] [--config FILE]\n"
    "       thumbgate sign tencent_vod ACTION [NAME=VALUE ...] [--secret-id ID] [--config FILE]\n"
    "e.g.   thumbgate sign zego DescribeMediaTask Vendor=Huawei TaskId=…\n"
    "       thumbgate sign tencent_vod GetTaskInfo vodTaskId=…\n";

}  // namespace tg::cli
