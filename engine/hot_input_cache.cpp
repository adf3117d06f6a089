#include "engine/hot_input_cache.hpp"

#include <cmath>
#include <iterator>
#include <vector>

#include "engine/engine_error.hpp"
#include "engine/request_checks.hpp"

namespace tg::engine {

HotInputCache::HotInputCache(std::size_t capacity, std::size_t max_bytes)
    : capacity_(capacity), max_bytes_(max_bytes) {}

HotInputCache::~HotInputCache() = default;

std::unique_ptr<FrameGrabber> HotInputCache::checkout(const HotInputKey& key) {
  std::lock_guard lock(mutex_);
  for (auto it = idle_.begin(); it != idle_.end(); ++it) {
    if (it->key == key) {
      std::unique_ptr<FrameGrabber> grabber = std::move(it->grabber);
      idle_bytes_ -= it->bytes;
      idle_.erase(it);
      ++stats_.reuses;
      return grabber;
    }
  }
  return nullptr;
}

void HotInputCache::checkin(const HotInputKey& key, std::unique_ptr<FrameGrabber> grabber) {
  std::vector<std::unique_ptr<FrameGrabber>> closing;  // closed outside the lock
  {
    std::lock_guard lock(mutex_);
    auto drop = [&](std::list<Entry>::iterator it) {
      closing.push_back(std::move(it->grabber));
      idle_bytes_ -= it->bytes;
      return idle_.erase(it);
    };
    // An entry for another version of the same file can never be used again.
    for (auto it = idle_.begin(); it != idle_.end();) {
      if (it->key.path == key.path && (it->key.size != key.size || it->key.mtime_ns != key.mtime_ns)) {
        it = drop(it);
      } else {
        ++it;
      }
    }
    if (capacity_ == 0) {
      closing.push_back(std::move(grabber));
    } else {
      const std::size_t bytes = grabber->held_bytes();
      idle_.push_front(Entry{key, std::move(grabber), bytes});
      idle_bytes_ += bytes;
      while (idle_.size() > capacity_) drop(std::prev(idle_.end()));
      // Over the bound: park from the least recently used up, then drop from the same end.
      for (auto it = idle_.rbegin(); it != idle_.rend() && idle_bytes_ > max_bytes_; ++it) {
        if (it->grabber->parked()) continue;
        it->grabber->park();
        idle_bytes_ -= it->bytes;
        it->bytes = it->grabber->held_bytes();
        idle_bytes_ += it->bytes;
      }
      while (!idle_.empty() && idle_bytes_ > max_bytes_) drop(std::prev(idle_.end()));
    }
  }
}

EngineResult<Image> HotInputCache::snapshot(const HotInputKey& key, const Source& source, double seconds,
                                            SeekMode mode, const ImageOptions& options, bool* reused) {
  if (!std::isfinite(seconds) || seconds < 0) return fail(Errc::kInvalidArgument, "time must be a finite number >= 0");
  if (key.rotate != options.rotate) return fail(Errc::kInvalidArgument, "the key's rotation differs from the options'");
  TG_TRY(check_image_options(options));

  std::unique_ptr<FrameGrabber> grabber = checkout(key);
  if (reused) *reused = grabber != nullptr;
  if (grabber) {
    grabber->input().arm(source);
  } else {
    TG_TRY_ASSIGN(grabber, FrameGrabber::open(source, options.rotate));
    std::lock_guard lock(mutex_);
    ++stats_.opens;
  }
  // On an error the grabber is dropped here: a failed grabber is not trusted again.
  TG_TRY_ASSIGN(GrabbedFrame frame, grabber->grab(seconds, mode, BlackFilter{}));
  TG_TRY_ASSIGN(Image image, grabber->render(frame, options));
  image.requested_s = seconds;
  checkin(key, std::move(grabber));
  return image;
}

HotInputCache::Stats HotInputCache::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = stats_;
  s.idle = idle_.size();
  s.idle_bytes = idle_bytes_;
  for (const Entry& entry : idle_) s.parked += entry.grabber->parked() ? 1 : 0;
  return s;
}

}  // namespace tg::engine
