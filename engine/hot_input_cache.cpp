#include "engine/hot_input_cache.hpp"

#include <cmath>
#include <vector>

#include "engine/engine_error.hpp"
#include "engine/request_checks.hpp"

namespace tg::engine {

HotInputCache::HotInputCache(std::size_t capacity) : capacity_(capacity) {}

HotInputCache::~HotInputCache() = default;

std::unique_ptr<FrameGrabber> HotInputCache::checkout(const HotInputKey& key) {
  std::lock_guard lock(mutex_);
  for (auto it = idle_.begin(); it != idle_.end(); ++it) {
    if (it->first == key) {
      std::unique_ptr<FrameGrabber> grabber = std::move(it->second);
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
    // An entry for another version of the same file can never be used again.
    for (auto it = idle_.begin(); it != idle_.end();) {
      if (it->first.path == key.path && (it->first.size != key.size || it->first.mtime_ns != key.mtime_ns)) {
        closing.push_back(std::move(it->second));
        it = idle_.erase(it);
      } else {
        ++it;
      }
    }
    if (capacity_ == 0) {
      closing.push_back(std::move(grabber));
    } else {
      idle_.emplace_front(key, std::move(grabber));
      while (idle_.size() > capacity_) {
        closing.push_back(std::move(idle_.back().second));
        idle_.pop_back();
      }
    }
  }
}

EngineResult<Image> HotInputCache::snapshot(const HotInputKey& key, const Source& source, double seconds,
                                            SeekMode mode, const ImageOptions& options, bool* reused) {
  if (!std::isfinite(seconds) || seconds < 0) return fail(Errc::kInvalidArgument, "time must be a finite number >= 0");
  if (key.rotate != options.rotate) return fail(Errc::kInvalidArgument, "the key's rotation differs from the options'");
  if (auto r = check_image_options(options); !r) return tg::unexpected(std::move(r.error()));

  std::unique_ptr<FrameGrabber> grabber = checkout(key);
  if (reused) *reused = grabber != nullptr;
  if (grabber) {
    grabber->input().arm(source);
  } else {
    auto opened = FrameGrabber::open(source, options.rotate);
    if (!opened) return tg::unexpected(std::move(opened.error()));
    grabber = std::move(*opened);
    std::lock_guard lock(mutex_);
    ++stats_.opens;
  }
  auto frame = grabber->grab(seconds, mode, BlackFilter{});
  if (!frame) return tg::unexpected(std::move(frame.error()));  // a failed grabber is not trusted again
  auto image = grabber->render(*frame, options);
  if (!image) return image;
  image->requested_s = seconds;
  checkin(key, std::move(grabber));
  return image;
}

HotInputCache::Stats HotInputCache::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = stats_;
  s.idle = idle_.size();
  return s;
}

}  // namespace tg::engine
