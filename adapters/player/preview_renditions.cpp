#include "adapters/player/preview_renditions.hpp"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "core/logger.hpp"
#include "core/metrics.hpp"
#include "core/private_dirs.hpp"
#include "core/random_id.hpp"
#include "core/redaction.hpp"
#include "signing/digest.hpp"

namespace tg::adapters::player {
namespace {

namespace fs = std::filesystem;

// Names a rendition format: a change of size or encoder settings gives every media a new name.
constexpr const char* kFormatTag = "r1-640-crf20";
constexpr std::size_t kNameHexDigits = 32;
constexpr std::size_t kMaxFailedRemembered = 10000;
// The builder runs below the request threads: a rendition waits, a preview asked for now does not.
constexpr int kBuilderNice = 10;

metrics::Counter& rendition_events() {
  static metrics::Counter& counter = metrics::default_registry().counter(
      "thumbgate_player_preview_renditions_total",
      "Preview renditions of media for animated previews: built, failed or evicted.", {"event"});
  return counter;
}

metrics::Gauge& rendition_bytes() {
  static metrics::Gauge& gauge = metrics::default_registry().gauge(
      "thumbgate_player_preview_rendition_bytes", "Bytes of the preview renditions kept on disk.");
  return gauge;
}

bool is_rendition_name(const std::string& name) {
  if (name.size() != kNameHexDigits + 4 || name.compare(kNameHexDigits, 4, ".mp4") != 0) return false;
  for (std::size_t i = 0; i < kNameHexDigits; ++i) {
    const char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

PreviewRenditions::PreviewRenditions(RenditionOptions options) : options_(std::move(options)) {
  if (options_.dir.empty() || options_.max_bytes <= 0) {
    disabled_ = "no folder or no budget for preview renditions";
    return;
  }
  if (auto made = create_private_directories(options_.dir); !made) {
    disabled_ = made.error();
    return;
  }
  index_folder();
  thread_ = std::thread([this] { run(); });
}

PreviewRenditions::~PreviewRenditions() { stop(); }

void PreviewRenditions::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    cancel_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string PreviewRenditions::name_for(const RenditionKey& key) const {
  const std::string identity = std::string(kFormatTag) + "\n" + key.uri + "\n" + std::to_string(key.size) + "\n" +
                               std::to_string(key.mtime_ns);
  return signing::sha256_hex(identity).substr(0, kNameHexDigits) + ".mp4";
}

void PreviewRenditions::index_folder() {
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  // A part older than twice the build budget belongs to no build still running (of this process or of
  // another sharing the folder).
  const auto stale = std::chrono::milliseconds(2 * options_.deadline_ms);
  std::lock_guard lock(mutex_);
  for (fs::directory_iterator it(options_.dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code entry_ec;
    if (!it->is_regular_file(entry_ec) || entry_ec) continue;
    if (name.ends_with(".part")) {
      const auto written = it->last_write_time(entry_ec);
      if (!entry_ec && now - written > stale) fs::remove(it->path(), entry_ec);
      continue;
    }
    if (!is_rendition_name(name)) continue;
    const auto size = it->file_size(entry_ec);
    if (entry_ec) continue;
    ready_[name] = Entry{static_cast<int64_t>(size), 0};
    total_bytes_ += static_cast<int64_t>(size);
  }
  evict_locked("");
  publish_bytes_locked();
}

std::optional<std::string> PreviewRenditions::find(const RenditionKey& key) {
  if (!disabled_.empty()) return std::nullopt;
  const std::string name = name_for(key);
  std::lock_guard lock(mutex_);
  auto it = ready_.find(name);
  if (it == ready_.end()) return std::nullopt;
  it->second.used = ++tick_;
  return options_.dir + "/" + name;
}

void PreviewRenditions::want(const RenditionKey& key, const engine::Source& source) {
  if (!disabled_.empty()) return;
  const std::string name = name_for(key);
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || ready_.contains(name) || pending_.contains(name) || failed_.contains(name)) return;
    if (queue_.size() >= options_.max_waiting) return;
    pending_.insert(name);
    queue_.push_back(Job{name, source});
  }
  changed_.notify_all();
}

void PreviewRenditions::drop(const RenditionKey& key) {
  const std::string name = name_for(key);
  std::lock_guard lock(mutex_);
  auto it = ready_.find(name);
  if (it == ready_.end()) return;
  total_bytes_ -= it->second.bytes;
  ready_.erase(it);
  std::error_code ec;
  fs::remove(options_.dir + "/" + name, ec);
  publish_bytes_locked();
}

int64_t PreviewRenditions::bytes() const {
  std::lock_guard lock(mutex_);
  return total_bytes_;
}

bool PreviewRenditions::wait_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return queue_.empty() && !building_; });
}

void PreviewRenditions::run() {
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kBuilderNice);
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) break;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    building_ = true;
    lock.unlock();
    build(job);
    lock.lock();
    building_ = false;
    pending_.erase(job.name);
    changed_.notify_all();
  }
  queue_.clear();
  pending_.clear();
  building_ = false;
  changed_.notify_all();
}

void PreviewRenditions::build(const Job& job) {
  const std::string final_path = options_.dir + "/" + job.name;
  const std::string part_path = final_path + "." + random_hex(6) + ".part";
  engine::Source source = job.source;
  source.deadline = std::chrono::milliseconds(options_.deadline_ms);
  source.cancel = &cancel_;
  source.decoder_threads = 1;
  engine::RenditionRequest request;
  request.out_path = part_path;
  request.max_duration_s = options_.max_media_s;
  request.max_bytes = options_.max_bytes / 4;
  request.encoder_threads = 1;

  const auto started = std::chrono::steady_clock::now();
  auto made = engine::make_preview_rendition(source, request);
  struct stat st {};
  const bool kept = made && ::rename(part_path.c_str(), final_path.c_str()) == 0 &&
                    ::stat(final_path.c_str(), &st) == 0;
  if (!kept) {
    std::remove(part_path.c_str());
    if (cancel_) return;  // stopping: nothing failed, the media may get one after a restart
    std::lock_guard lock(mutex_);
    if (failed_.size() >= kMaxFailedRemembered) failed_.clear();
    failed_.insert(job.name);
    rendition_events().inc({"failed"});
    tg::log(LogLevel::kWarn, "preview rendition failed",
            {{"input", redact_url(job.source.uri)},
             {"code", made ? "io" : engine::errc_name(made.error().code)},
             {"reason", made ? "cannot keep the rendition file" : made.error().message}});
    return;
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  std::lock_guard lock(mutex_);
  if (auto old = ready_.find(job.name); old != ready_.end()) total_bytes_ -= old->second.bytes;
  ready_[job.name] = Entry{static_cast<int64_t>(st.st_size), ++tick_};
  total_bytes_ += st.st_size;
  rendition_events().inc({"built"});
  evict_locked(job.name);
  publish_bytes_locked();
  tg::log(LogLevel::kInfo, "preview rendition made",
          {{"input", redact_url(job.source.uri)},
           {"size", std::to_string(made->width) + "x" + std::to_string(made->height)},
           {"frames", std::to_string(made->frames)},
           {"bytes", std::to_string(st.st_size)},
           {"ms", std::to_string(ms)}});
}

void PreviewRenditions::evict_locked(const std::string& keep) {
  while (total_bytes_ > options_.max_bytes) {
    auto victim = ready_.end();
    for (auto it = ready_.begin(); it != ready_.end(); ++it) {
      if (it->first == keep) continue;
      if (victim == ready_.end() || it->second.used < victim->second.used) victim = it;
    }
    if (victim == ready_.end()) break;
    std::error_code ec;
    fs::remove(options_.dir + "/" + victim->first, ec);
    total_bytes_ -= victim->second.bytes;
    ready_.erase(victim);
    rendition_events().inc({"evicted"});
  }
}

void PreviewRenditions::publish_bytes_locked() { rendition_bytes().set({}, static_cast<double>(total_bytes_)); }

}  // namespace tg::adapters::player
