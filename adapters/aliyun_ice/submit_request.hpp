#pragma once
// SubmitSnapshotJob's parameters: the object parameters Input, Output, TemplateConfig and ScheduleConfig
// arrive as JSON strings (what the official SDKs' "shrink" requests and pop-core send), Name and UserData
// as plain strings.

#include <string>

#include "adapters/aliyun_ice/ice_error.hpp"
#include "adapters/aliyun_ice/snapshot_template.hpp"
#include "core/result.hpp"
#include "signing/params.hpp"

namespace tg::adapters::aliyun_ice {

struct MediaRef {
  std::string type;   // "OSS" or "Media"
  std::string media;  // an OSS address or a media id
};

struct SubmitRequest {
  MediaRef input;
  MediaRef output;
  std::string template_id;
  SnapshotTemplate overwrite;    // TemplateConfig.OverwriteParams
  std::string template_config;   // TemplateConfig as sent
  std::string pipeline_id;       // ScheduleConfig.PipelineId
  std::string name;
  std::string user_data;
};

inline constexpr std::size_t kMaxNameLength = 128;
inline constexpr std::size_t kMaxUserDataLength = 1024;

tg::Result<SubmitRequest, IceError> parse_submit(const signing::Params& params);

}  // namespace tg::adapters::aliyun_ice
