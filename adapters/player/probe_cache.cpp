#include "adapters/player/probe_cache.hpp"

namespace tg::adapters::player {

engine::EngineResult<engine::MediaInfo> ProbeCache::probe(const engine::Source& source, int64_t size,
                                                          int64_t mtime_ns) {
  const bool versioned = capacity_ > 0 && size >= 0 && mtime_ns > 0;
  Key key{source.uri, size, mtime_ns};
  if (versioned) {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) return it->second;
  }
  auto info = engine::probe(source);
  if (info && versioned) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_.emplace(std::move(key), *info);
  }
  return info;
}

}  // namespace tg::adapters::player
