#pragma once
// Opened inputs kept for hot objects: an LRU of idle FrameGrabbers keyed by path, size, modification time
// and rotation. A grabber is checked out by one thread at a time, re-armed with that call's deadline and
// cancel flag, and put back afterwards, so a repeated snapshot of one file skips the open and probe.
// The idle grabbers' estimated bytes are bounded as well as their count. A grabber is kept whole while it
// fits, so that the next call on a hot file can decode on from where the last one stopped; past the bound,
// the least recently used are parked first (decoder and frames freed: 1-2 MiB stay of the ~27 MiB of a
// 1080p H.264 input), and dropped only when the parked ones are still too many bytes.

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
    uint64_t opens = 0;        // grabbers opened
    uint64_t reuses = 0;       // calls served by an idle cached grabber
    std::size_t idle = 0;        // grabbers waiting in the cache now
    std::size_t parked = 0;      // of which parked (no decoder)
    std::size_t idle_bytes = 0;  // their estimated bytes (FrameGrabber::held_bytes)
  };

  /// Keeps at most `capacity` idle grabbers (0 = open for every call and keep none) holding at most
  /// `max_bytes` together; a grabber larger than that even when parked is not kept.
  explicit HotInputCache(std::size_t capacity, std::size_t max_bytes = kDefaultMaxBytes);

  /// 256 MiB: the default 16 hot inputs of 1080p kept whole, or hundreds of parked ones.
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{256} << 20;
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
  struct Entry {
    HotInputKey key;
    std::unique_ptr<FrameGrabber> grabber;
    std::size_t bytes = 0;
  };

  std::unique_ptr<FrameGrabber> checkout(const HotInputKey& key);
  void checkin(const HotInputKey& key, std::unique_ptr<FrameGrabber> grabber);

  const std::size_t capacity_;
  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> idle_;  // most recently used first
  std::size_t idle_bytes_ = 0;
  Stats stats_;
};

}  // namespace tg::engine
