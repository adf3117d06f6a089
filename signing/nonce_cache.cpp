#include "signing/nonce_cache.hpp"

#include <algorithm>
#include <limits>

namespace tg::signing {
namespace {

constexpr int64_t kSecondMs = 1000;
constexpr int64_t kIdleDropPeriodMs = 60'000;
constexpr std::size_t kMinSlots = 16;

// An entry lives while now is before its expiry (whole seconds, rounded up: never shorter than asked).
bool live(uint32_t expiry_s, int64_t now_ms) { return static_cast<int64_t>(expiry_s) * kSecondMs > now_ms; }

uint32_t expiry_seconds(int64_t expires_ms) {
  constexpr int64_t kMaxSeconds = std::numeric_limits<uint32_t>::max();
  if (expires_ms >= kMaxSeconds * kSecondMs) return static_cast<uint32_t>(kMaxSeconds);
  return static_cast<uint32_t>(std::max<int64_t>(1, (expires_ms + kSecondMs - 1) / kSecondMs));
}

// The fewest slots (a power of two, at least kMinSlots) that hold `entries` at a load of at most 3/4.
std::size_t slots_for(std::size_t entries) {
  std::size_t slots = kMinSlots;
  while (slots / 4 * 3 < entries) slots *= 2;
  return slots;
}

// The table size after a sweep that kept `live_entries`: a load of at most 3/8, so that as many entries
// again fit before the next rebuild (whose cost they pay for), but no more slots than `capacity` needs.
std::size_t slots_after_sweep(std::size_t live_entries, std::size_t capacity) {
  std::size_t slots = kMinSlots;
  while (slots / 8 * 3 < live_entries) slots *= 2;
  return std::max(std::min(slots, slots_for(capacity)), slots_for(live_entries + 1));
}

}  // namespace

// Linear probing over parallel arrays; tag 0 marks an empty slot. Expired entries stay until the next
// rebuild (an expired entry met by the same tag is simply renewed in place).
class NonceCache::Table {
 public:
  bool contains(uint64_t tag, int64_t now_ms) const {
    if (tags_.empty()) return false;
    const std::size_t i = probe(tag);
    return tags_[i] == tag && live(expiries_[i], now_ms);
  }

  ReplayVerdict insert(uint64_t tag, uint32_t expiry_s, int64_t now_ms, std::size_t capacity) {
    if (tags_.empty()) rebuild(kMinSlots, now_ms);
    std::size_t i = probe(tag);
    if (tags_[i] == tag) {
      if (live(expiries_[i], now_ms)) return ReplayVerdict::kReplay;
      expiries_[i] = expiry_s;
      note(expiry_s);
      return ReplayVerdict::kFresh;
    }
    const bool must_grow = (count_ + 1) > tags_.size() / 4 * 3;
    const bool at_capacity = count_ >= capacity;
    if (must_grow || at_capacity) {
      // A sweep only when something has expired: expiries are whole seconds, so a key held at its bound
      // pays for at most one pass over its table a second, however many calls it makes.
      if (must_grow || !live(min_expiry_s_, now_ms)) rebuild(slots_after_sweep(count_live(now_ms), capacity), now_ms);
      if (count_ >= capacity) return ReplayVerdict::kFull;
      i = probe(tag);
    }
    tags_[i] = tag;
    expiries_[i] = expiry_s;
    ++count_;
    note(expiry_s);
    return ReplayVerdict::kFresh;
  }

  std::size_t size() const { return count_; }
  std::size_t bytes() const { return tags_.capacity() * sizeof(uint64_t) + expiries_.capacity() * sizeof(uint32_t); }
  /// True when nothing held is still unexpired at now_ms.
  bool idle(int64_t now_ms) const { return count_ == 0 || !live(max_expiry_s_, now_ms); }

 private:
  std::size_t probe(uint64_t tag) const {
    const std::size_t mask = tags_.size() - 1;
    std::size_t i = static_cast<std::size_t>(tag) & mask;
    while (tags_[i] != 0 && tags_[i] != tag) i = (i + 1) & mask;
    return i;
  }

  void note(uint32_t expiry_s) {
    min_expiry_s_ = std::min(min_expiry_s_, expiry_s);
    max_expiry_s_ = std::max(max_expiry_s_, expiry_s);
  }

  std::size_t count_live(int64_t now_ms) const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < tags_.size(); ++i) n += tags_[i] != 0 && live(expiries_[i], now_ms);
    return n;
  }

  // Re-inserts the unexpired entries into `slots` slots (which must hold them at a load of at most 3/4).
  void rebuild(std::size_t slots, int64_t now_ms) {
    std::vector<uint64_t> old_tags(slots, 0);
    std::vector<uint32_t> old_expiries(slots, 0);
    old_tags.swap(tags_);
    old_expiries.swap(expiries_);
    count_ = 0;
    min_expiry_s_ = std::numeric_limits<uint32_t>::max();
    max_expiry_s_ = 0;
    for (std::size_t j = 0; j < old_tags.size(); ++j) {
      if (old_tags[j] == 0 || !live(old_expiries[j], now_ms)) continue;
      const std::size_t i = probe(old_tags[j]);
      tags_[i] = old_tags[j];
      expiries_[i] = old_expiries[j];
      ++count_;
      note(old_expiries[j]);
    }
  }

  std::vector<uint64_t> tags_;
  std::vector<uint32_t> expiries_;
  std::size_t count_ = 0;  // occupied slots, expired entries included
  uint32_t min_expiry_s_ = std::numeric_limits<uint32_t>::max();
  uint32_t max_expiry_s_ = 0;
};

struct NonceCache::Scope {
  std::mutex mutex;
  Table table;
  bool dropped = false;  // set (under `mutex`) when removed from the map; a caller holding it looks again
};

NonceCache::NonceCache(std::size_t max_per_scope) : max_per_scope_(max_per_scope) {}

NonceCache::~NonceCache() = default;

std::shared_ptr<NonceCache::Scope> NonceCache::find_scope(std::string_view scope, bool create) {
  std::lock_guard lock(mutex_);
  auto it = scopes_.find(scope);
  if (it != scopes_.end()) return it->second;
  if (!create) return nullptr;
  return scopes_.emplace(std::string(scope), std::make_shared<Scope>()).first->second;
}

void NonceCache::drop_idle_scopes(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (now_ms - last_drop_ms_ < kIdleDropPeriodMs && now_ms >= last_drop_ms_) return;
  last_drop_ms_ = now_ms;
  std::erase_if(scopes_, [now_ms](const auto& entry) {
    Scope& scope = *entry.second;
    // A scope busy right now is not idle anyway; never wait for it while holding the map.
    std::unique_lock scope_lock(scope.mutex, std::try_to_lock);
    if (!scope_lock.owns_lock() || !scope.table.idle(now_ms)) return false;
    scope.dropped = true;
    return true;
  });
}

bool NonceCache::seen(std::string_view scope, std::string_view nonce, int64_t now_ms) {
  const uint64_t tag = tagger_.tag(nonce);
  auto held = find_scope(scope, false);
  if (!held) return false;
  std::lock_guard lock(held->mutex);
  return held->table.contains(tag, now_ms);
}

ReplayVerdict NonceCache::remember_once(std::string_view scope, std::string_view nonce, int64_t expires_ms,
                                        int64_t now_ms, std::size_t capacity) {
  if (expires_ms <= now_ms) return ReplayVerdict::kFresh;
  capacity = std::min(capacity, max_per_scope_);
  const uint64_t tag = tagger_.tag(nonce);
  drop_idle_scopes(now_ms);
  for (;;) {
    auto held = find_scope(scope, true);
    std::lock_guard lock(held->mutex);
    // Dropped between the lookup and the lock: it held nothing unexpired, so its successor is equivalent.
    if (held->dropped) continue;
    return held->table.insert(tag, expiry_seconds(expires_ms), now_ms, capacity);
  }
}

std::size_t NonceCache::size(std::string_view scope) const {
  std::lock_guard lock(mutex_);
  auto it = scopes_.find(scope);
  if (it == scopes_.end()) return 0;
  std::lock_guard scope_lock(it->second->mutex);
  return it->second->table.size();
}

std::size_t NonceCache::size() const {
  std::lock_guard lock(mutex_);
  std::size_t total = 0;
  for (const auto& [name, scope] : scopes_) {
    std::lock_guard scope_lock(scope->mutex);
    total += scope->table.size();
  }
  return total;
}

std::size_t NonceCache::scope_count() const {
  std::lock_guard lock(mutex_);
  return scopes_.size();
}

std::size_t NonceCache::table_bytes() const {
  std::lock_guard lock(mutex_);
  std::size_t total = 0;
  for (const auto& [name, scope] : scopes_) {
    std::lock_guard scope_lock(scope->mutex);
    total += scope->table.bytes();
  }
  return total;
}

}  // namespace tg::signing
