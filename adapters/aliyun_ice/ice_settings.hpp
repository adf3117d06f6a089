#pragma once
// What the Alibaba Cloud ICE front door knows: access keys, the OSS buckets inputs are read from, the
// output bucket snapshots are written to, snapshot templates, the event callback URL and the call rate.
// Filled from the config file's "aliyun_ice" section; the adapter only reads it.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/aliyun_ice/snapshot_template.hpp"

namespace tg::adapters::aliyun_ice {

struct IceAccessKey {
  std::string id;      // AccessKeyId
  std::string secret;  // AccessKeySecret
};

/// An OSS bucket inputs are read from: a folder (relative to media_root) or an http(s) origin.
struct OssInputBucket {
  std::string name;
  std::string root;
};

/// The OSS bucket outputs are written to: a local folder, served back through signed URLs.
struct OssOutputBucket {
  std::string name;    // empty = no output bucket: every SubmitSnapshotJob is refused
  std::string folder;  // absolute once the gateway started (relative ones are under data_dir)
};

struct IceSettings {
  std::vector<IceAccessKey> access_keys;
  std::vector<OssInputBucket> input_buckets;
  OssOutputBucket output_bucket;
  std::map<std::string, SnapshotTemplate> templates = builtin_templates();
  std::string event_url;          // empty = no event callbacks
  std::string region = "cn-shanghai";  // HostId ice.<region>.aliyuncs.com
  int requests_per_second = 50;   // per AccessKeyId
  int64_t timestamp_window_s = 900;
  std::string public_base_url;    // signed URLs start with it; no trailing slash
  std::string media_root;

  const IceAccessKey* find_key(std::string_view id) const;
  const OssInputBucket* find_input_bucket(std::string_view name) const;
  /// "ice.<region>.aliyuncs.com".
  std::string host_id() const;

  /// The presets every gateway has (README): "thumbgate-normal", "thumbgate-sprite", "thumbgate-webvtt".
  static std::map<std::string, SnapshotTemplate> builtin_templates();
};

/// The path prefix under which the front door serves the output bucket's objects: /oss/<bucket>/<key>.
inline constexpr std::string_view kObjectPathPrefix = "/oss/";

}  // namespace tg::adapters::aliyun_ice
