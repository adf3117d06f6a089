#pragma once
// Recent GetSnapshot results in memory: an LRU bounded in bytes, keyed by the object (bucket, key, its
// modification time and size) and every snapshot parameter, so a repeated request skips the engine.

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/metrics.hpp"
#include "engine/engine.hpp"

namespace tg::adapters::tencent_ci {

struct CachedSnapshot {
  std::string bytes;  // the encoded image
  engine::ImageFormat format = engine::ImageFormat::kJpeg;
};

class CosResultCache {
 public:
  /// Holds at most `max_bytes` of image bytes (0 = keep nothing); lookups are counted on `lookups` (label
  /// "result": hit or miss), by default thumbgate_cos_result_cache_lookups_total.
  explicit CosResultCache(std::size_t max_bytes, metrics::Counter* lookups = nullptr);

  /// The cached result for `key`, made the most recent; nullptr when absent.
  std::shared_ptr<const CachedSnapshot> get(const std::string& key);
  /// Stores `value` under `key`, evicting the least recently used entries to fit; a value larger than
  /// the whole budget is not stored.
  void put(const std::string& key, std::shared_ptr<const CachedSnapshot> value);

  std::size_t bytes() const;
  std::size_t entries() const;

  /// The cache key of one snapshot: object identity and version plus the parameters' text.
  static std::string key_for(const std::string& bucket, const std::string& object_key, int64_t mtime_ns,
                             int64_t size, const std::string& params_text);

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const CachedSnapshot>>;

  const std::size_t max_bytes_;
  metrics::Value* hits_ = nullptr;
  metrics::Value* misses_ = nullptr;
  mutable std::mutex mutex_;
  std::list<Entry> order_;  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
};

}  // namespace tg::adapters::tencent_ci
