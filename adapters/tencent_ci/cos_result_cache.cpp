#include "adapters/tencent_ci/cos_result_cache.hpp"

#include "core/metrics.hpp"

namespace tg::adapters::tencent_ci {

namespace {

// Lookups of GetSnapshot results, for /metrics.
metrics::Counter& lookups() {
  static metrics::Counter& counter = metrics::default_registry().counter(
      "thumbgate_cos_result_cache_lookups_total", "GetSnapshot result cache lookups: hit or miss.", {"result"});
  return counter;
}

}  // namespace

CosResultCache::CosResultCache(std::size_t max_bytes, metrics::Counter* counter) : max_bytes_(max_bytes) {
  metrics::Counter& counted = counter ? *counter : lookups();  // listed on /metrics from the start
  hits_ = &counted.with({"hit"});
  misses_ = &counted.with({"miss"});
}

std::shared_ptr<const CachedSnapshot> CosResultCache::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    misses_->add();
    return nullptr;
  }
  hits_->add();
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void CosResultCache::put(const std::string& key, std::shared_ptr<const CachedSnapshot> value) {
  if (!value || value->bytes.size() > max_bytes_) return;
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->second->bytes.size();
    order_.erase(it->second);
    index_.erase(it);
  }
  bytes_ += value->bytes.size();
  order_.emplace_front(key, std::move(value));
  index_[key] = order_.begin();
  while (bytes_ > max_bytes_) {
    const Entry& last = order_.back();
    bytes_ -= last.second->bytes.size();
    index_.erase(last.first);
    order_.pop_back();
  }
}

std::size_t CosResultCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t CosResultCache::entries() const {
  std::lock_guard lock(mutex_);
  return order_.size();
}

std::string CosResultCache::key_for(const std::string& bucket, const std::string& object_key, int64_t mtime_ns,
                                    int64_t size, const std::string& params_text) {
  // Lengths first, so no bucket or key text can be mistaken for another's.
  return std::to_string(bucket.size()) + ":" + bucket + "|" + std::to_string(object_key.size()) + ":" + object_key +
         "|" + std::to_string(mtime_ns) + "|" + std::to_string(size) + "|" + params_text;
}

}  // namespace tg::adapters::tencent_ci
