#pragma once
// What the Tencent COS / Cloud Infinite front door knows: buckets (where their objects live, who may
// read them, which host names address them), credentials, and the sizes of its engine pool and caches.
// Filled from the config file's "cos" section by the gateway; the adapter only reads it.

#include <cstdint>
#include <string>
#include <vector>

namespace tg::adapters::tencent_ci {

enum class BucketAcl { kPrivate, kPublicRead };

struct CiBucket {
  std::string name;    // "BucketName-APPID", e.g. "examplebucket-1250000000" (lowercase)
  std::string region;  // e.g. "ap-beijing"
  std::string root;    // folder (relative to media_root, or absolute) or an http(s) origin URL
  BucketAcl acl = BucketAcl::kPrivate;
  std::vector<std::string> domains;  // custom domains bound to the bucket (lowercase, no port)
};

struct CiCredential {
  std::string secret_id;
  std::string secret_key;
  std::vector<std::string> buckets;  // bucket names this key may read; empty = every bucket

  /// True when this key may read `bucket`.
  bool may_read(const std::string& bucket) const;
};

struct CiSettings {
  std::vector<CiBucket> buckets;
  std::vector<CiCredential> credentials;
  int engine_threads = 2;                     // threads that make snapshots
  int max_inflight = 8;                       // snapshots queued or running; beyond -> SlowDown
  int64_t result_cache_bytes = 64 << 20;      // recent images kept in memory; 0 = no result cache
  int hot_inputs = 16;                        // opened demuxers kept for hot objects; 0 = none
  int64_t hot_input_bytes = 256 << 20;        // estimated memory of the kept inputs (idle decoders freed first)
  int64_t deadline_ms = 30000;                // one snapshot's time budget

  /// The credential with `secret_id`, or nullptr.
  const CiCredential* find_credential(const std::string& secret_id) const;
  /// The bucket named `name`, or nullptr.
  const CiBucket* find_bucket(const std::string& name) const;
};

}  // namespace tg::adapters::tencent_ci
