#pragma once
// The probed facts (duration, displayed size) of recently served local media, keyed by path, size and
// modification time, so that repeated requests on one file check their times without opening it again.

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "engine/engine.hpp"

namespace tg::adapters::player {

class ProbeCache {
 public:
  /// Keeps at most `capacity` entries (emptied when full); 0 = probe every time.
  explicit ProbeCache(std::size_t capacity) : capacity_(capacity) {}

  /// engine::probe(source), from the cache when `size` and `mtime_ns` are known (>= 0 and > 0) and were seen.
  engine::EngineResult<engine::MediaInfo> probe(const engine::Source& source, int64_t size, int64_t mtime_ns);

 private:
  using Key = std::tuple<std::string, int64_t, int64_t>;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::map<Key, engine::MediaInfo> entries_;
};

}  // namespace tg::adapters::player
