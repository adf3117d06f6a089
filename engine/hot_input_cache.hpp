#pragma once
// Opened inputs kept for hot objects: an LRU of idle FrameGrabbers keyed by path, size, modification time
// and rotation. A grabber is checked out by one thread at a time, re-armed with that call's deadline and
// cancel flag, and put back afterwards, so a repeated snapshot of one file skips the open and probe.

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "engine/engine.hpp"
#include "engine/frame_grabber.hpp"

namespace tg::engine {

struct HotInputKey {
  std::string path;      // a local path or URL, exactly as opened
  int64_t size = -1;     // bytes; -1 when unknown (URLs)
  int64_t mtime_ns = 0;  // modification time; 0 when unknown
  Rotate rotate = Rotate::kAuto;

  bool operator==(const HotInputKey& other) const = default;
};

class HotInputCache {
 public:
  struct Stats {
    uint64_t opens = 0;   // grabbers opened
    uint64_t reuses = 0;  // calls served by an idle cached grabber
    std::size_t idle = 0; // grabbers waiting in the cache now
  };

  /// Keeps at most `capacity` idle grabbers (0 = open for every call and keep none).
  explicit HotInputCache(std::size_t capacity);
  ~HotInputCache();
  HotInputCache(const HotInputCache&) = delete;
  HotInputCache& operator=(const HotInputCache&) = delete;

  /// One image of `source` at `seconds` (from the stream start), like engine::snapshot for one time
  /// point, on an idle grabber for `key` when there is one (then `*reused` is set true, when given).
  /// key.rotate must equal options.rotate.
  EngineResult<Image> snapshot(const HotInputKey& key, const Source& source, double seconds, SeekMode mode,
                               const ImageOptions& options, bool* reused = nullptr);

  Stats stats() const;

 private:
  using Entry = std::pair<HotInputKey, std::unique_ptr<FrameGrabber>>;

  std::unique_ptr<FrameGrabber> checkout(const HotInputKey& key);
  void checkin(const HotInputKey& key, std::unique_ptr<FrameGrabber> grabber);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> idle_;  // most recently used first
  Stats stats_;
};

}  // namespace tg::engine
