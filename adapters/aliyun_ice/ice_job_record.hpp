#pragma once
// What the ICE front door keeps with each task (TaskSpec::extra, JSON) to answer GetSnapshotJob,
// ListSnapshotJobs and the event callback as ICE does: the request's echoed fields and where the files go.

#include <string>

#include "core/result.hpp"

namespace tg::adapters::aliyun_ice {

struct IceJobRecord {
  std::string name;             // Name
  std::string user_data;        // UserData
  std::string template_id;
  std::string template_config;  // TemplateConfig as sent
  std::string input_type;       // "OSS" or "Media"
  std::string input_media;
  std::string output_type;      // "OSS"
  std::string output_media;
  std::string output_bucket;
  std::string output_folder_key;  // the object key's folder part ("" or "a/b")
  std::string pipeline_id;
  std::string type;             // "Normal", "Sprite", "WebVtt"
  int count = 0;                // asked for; 0 = as many as the duration gives
};

std::string encode_job_record(const IceJobRecord& record);
tg::Result<IceJobRecord, std::string> decode_job_record(const std::string& json);

}  // namespace tg::adapters::aliyun_ice
