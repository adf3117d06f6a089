#include "tasks/media_cache.hpp"

#include <utility>

namespace tg::tasks {

uint64_t MediaCache::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

std::optional<std::optional<std::string>> MediaCache::find(const std::string& file_id, int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(file_id);
  if (it == entries_.end() || now_ms >= it->second.expires_ms) return std::nullopt;
  return it->second.source;
}

void MediaCache::keep(const std::string& file_id, std::optional<std::string> source, int64_t now_ms,
                      uint64_t generation) {
  if (ttl_ms_ <= 0) return;
  std::lock_guard lock(mutex_);
  if (generation != generation_) return;
  if (entries_.size() >= kMaxEntries && entries_.find(file_id) == entries_.end()) entries_.clear();
  entries_[file_id] = Entry{std::move(source), now_ms + ttl_ms_};
}

void MediaCache::forget(const std::string& file_id) {
  std::lock_guard lock(mutex_);
  ++generation_;  // a lookup of it in flight may have read the old row
  entries_.erase(file_id);
}

void MediaCache::clear() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
}

std::size_t MediaCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace tg::tasks
