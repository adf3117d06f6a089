#pragma once
// `thumbgate sign API …`: prints a ready signed request for one of the vendor APIs the gateway serves, with
// the credentials of the config, so that a newcomer can call and follow a task without computing a
// signature. Each is signed the way the vendor's own clients sign it (signing/signed_query.hpp, the same
// signatures the front doors check):
//   zego         a URL with Signature 2.0 (the start-up demo URL's);
//   tencent_vod  a /v2/index.php URL with the Tencent Cloud API 2.0 signature over the gateway's host;
//   tencent_ci   a GetSnapshot URL with the COS q-sign-* query signature, valid 10 minutes; the COS front
//                door routes by host, so unless the gateway's own host is one of the bucket's it is a curl
//                command sending the bucket's virtual-hosted name as the Host header (signed);
//   aliyun_ice   a GET URL with the RPC signature V1.0 (Version 2020-11-09, Format JSON unless given);
//   huawei_mpc   a curl command (method, URL, X-Sdk-Date, Authorization, Content-Type and body, each word
//                single-quoted) signed SDK-HMAC-SHA256 over its headers and body.

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
    "       thumbgate sign tencent_ci BUCKET KEY [NAME=VALUE ...] [--secret-id ID] [--config FILE]\n"
    "       thumbgate sign aliyun_ice ACTION [NAME=VALUE ...] [--access-key-id ID] [--config FILE]\n"
    "       thumbgate sign huawei_mpc create --body JSON [--project ID] [--config FILE]\n"
    "       thumbgate sign huawei_mpc list|cancel [NAME=VALUE ...] [--project ID] [--config FILE]\n"
    "e.g.   thumbgate sign zego DescribeMediaTask Vendor=Huawei TaskId=…\n"
    "       thumbgate sign tencent_vod GetTaskInfo vodTaskId=…\n"
    "       thumbgate sign tencent_ci examplebucket-1250000000 folder/clip.mp4 time=1 format=jpg\n"
    "       thumbgate sign aliyun_ice GetSnapshotJob JobId=…\n"
    "       thumbgate sign huawei_mpc list task_id=…\n";

}  // namespace tg::cli
