#pragma once
// Preview renditions of local media: small H.264 copies (engine::make_preview_rendition) that animated
// previews decode instead of the source. One is made in the background, on a thread of its own at a
// lower priority, the first time a media version is asked for a preview; the folder is kept under a byte
// budget by evicting the least recently used. A rendition is named by the media's path, size and
// modification time, so a changed file is never previewed from an old copy.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "engine/engine.hpp"

namespace tg::adapters::player {

struct RenditionOptions {
  std::string dir;                 // where renditions are kept (created owner-only)
  int64_t max_bytes = 1LL << 30;   // all renditions together; one may take at most a quarter of it
  double max_media_s = 3600;       // longer media get none
  int64_t deadline_ms = 600000;    // one rendition's time budget
  std::size_t max_waiting = 8;     // media waiting for one; more are not queued (asked again later)
};

/// A media version: its canonical path, size and modification time.
struct RenditionKey {
  std::string uri;
  int64_t size = 0;
  int64_t mtime_ns = 0;
};

class PreviewRenditions {
 public:
  /// Indexes the renditions an earlier run left in options.dir (removing unfinished ones) and starts
  /// the builder thread. An unusable folder leaves the object disabled (find() never finds, want() does
  /// nothing) with the reason in disabled_reason().
  explicit PreviewRenditions(RenditionOptions options);
  ~PreviewRenditions();
  PreviewRenditions(const PreviewRenditions&) = delete;
  PreviewRenditions& operator=(const PreviewRenditions&) = delete;

  /// Stops the builder (a rendition in progress is abandoned and removed) and waits for it.
  void stop();

  /// The path of the finished rendition of this media version, if there is one.
  std::optional<std::string> find(const RenditionKey& key);
  /// Asks for a rendition of this media version, made from `source` in the background: not again when
  /// one exists, is queued or being made, or failed before.
  void want(const RenditionKey& key, const engine::Source& source);
  /// Forgets a rendition that could not be read (removed by hand, truncated); it may be made again.
  void drop(const RenditionKey& key);

  const std::string& dir() const { return options_.dir; }
  const std::string& disabled_reason() const { return disabled_; }
  int64_t bytes() const;
  /// Blocks until nothing is queued or being made, or `timeout` passes; true when idle. For tests.
  bool wait_idle(std::chrono::milliseconds timeout);

 private:
  struct Entry {
    int64_t bytes = 0;
    uint64_t used = 0;  // the tick of the last find(); the smallest is evicted first
  };
  struct Job {
    std::string name;
    engine::Source source;
  };

  std::string name_for(const RenditionKey& key) const;
  void index_folder();
  void run();
  void build(const Job& job);
  /// Removes least recently used renditions until the total fits the budget; keeps `keep`.
  void evict_locked(const std::string& keep);
  void publish_bytes_locked();

  RenditionOptions options_;
  std::string disabled_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::unordered_map<std::string, Entry> ready_;  // file name -> entry
  std::unordered_set<std::string> failed_;        // names whose build failed: not tried again
  std::unordered_set<std::string> pending_;       // queued or being made
  std::deque<Job> queue_;
  int64_t total_bytes_ = 0;
  uint64_t tick_ = 0;
  bool building_ = false;
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};
  std::thread thread_;
};

}  // namespace tg::adapters::player
