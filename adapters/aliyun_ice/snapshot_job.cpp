#include "adapters/aliyun_ice/snapshot_job.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "tasks/name_pattern.hpp"

namespace tg::adapters::aliyun_ice {
namespace {

constexpr std::string_view kCount = "{Count}";
constexpr std::string_view kTileCount = "{TileCount}";

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// `name` with every `placeholder` replaced by `with`; nullopt when another '{' remains (the name patterns
// of the tasks layer would read it as a placeholder of theirs).
std::optional<std::string> translate(std::string_view name, std::string_view placeholder, std::string_view with) {
  std::string out;
  std::size_t i = 0;
  while (i < name.size()) {
    if (!placeholder.empty() && name.substr(i, placeholder.size()) == placeholder) {
      out += with;
      i += placeholder.size();
    } else if (name[i] == '{') {
      return std::nullopt;
    } else {
      out += name[i++];
    }
  }
  return out;
}

engine::BlackFilter black_filter(const SnapshotTemplate& t) {
  engine::BlackFilter filter;
  if (!t.black_level && !t.pixel_black_threshold) return filter;
  filter.pixel_threshold = t.pixel_black_threshold.value_or(kDefaultPixelBlackThreshold);
  filter.max_black_percent = t.black_level.value_or(kDefaultBlackLevel);
  return filter;
}

// Tile size: SpriteSnapshotConfig's cells, else the output Width/Height, else 160x90; one side alone
// gives the other at 16:9.
std::pair<int, int> cell_size(const SnapshotTemplate& t) {
  int w = t.sprite.cell_width.value_or(t.width.value_or(0));
  int h = t.sprite.cell_height.value_or(t.height.value_or(0));
  if (w <= 0 && h <= 0) return {kDefaultCellWidth, kDefaultCellHeight};
  if (w <= 0) w = std::max(1, h * 16 / 9);
  if (h <= 0) h = std::max(1, w * 9 / 16);
  return {w, h};
}

engine::SampleRequest sampling(const SnapshotTemplate& t, engine::SeekMode mode, int default_interval_s) {
  engine::SampleRequest s;
  s.mode = mode;
  s.start_s = static_cast<double>(t.time_ms.value_or(0)) / 1000.0;
  s.count = t.count.value_or(0);
  const int interval = t.interval_s.value_or(0);
  if (interval > 0) {
    s.interval = interval;
  } else if (s.count > 0) {
    // Interval 0 or absent with a Count: evenly over the whole duration.
    s.percent = true;
    s.interval = 100.0 / s.count;
    s.start_s = 0;
  } else {
    s.interval = default_interval_s;
  }
  return s;
}

// The names the worker will give the files must be plain file names (at most 255 bytes, no "..");
// refused now rather than failing the job later.
tg::Result<Ok, IceError> check_names(const tasks::Job& job, const std::string& vtt_name) {
  if (!tasks::expand_name_pattern(job.name_pattern, 0, 0) ||
      (!vtt_name.empty() && !tasks::is_plain_file_name(vtt_name))) {
    return tg::unexpected(invalid_parameter("Output.Media: the object's name is not allowed (at most 255 bytes, no \"..\")"));
  }
  return Ok{};
}

}  // namespace

tg::Result<PlannedJob, IceError> plan_job(const SnapshotTemplate& t, const std::string& output_object) {
  PlannedJob planned;
  planned.type = t.type.value_or(SnapshotType::kNormal);
  const auto slash = output_object.rfind('/');
  planned.folder_key = slash == std::string::npos ? "" : output_object.substr(0, slash);
  const std::string name = slash == std::string::npos ? output_object : output_object.substr(slash + 1);
  if (name.empty()) return tg::unexpected(invalid_parameter("Output.Media must name an object, not a folder"));
  if (contains(planned.folder_key, "{")) {
    return tg::unexpected(invalid_parameter("Output.Media: placeholders belong in the object's name, not its folder"));
  }
  const engine::SeekMode mode = t.exact.value_or(false) ? engine::SeekMode::kExact : engine::SeekMode::kKeyframe;

  switch (planned.type) {
    case SnapshotType::kNormal: {
      const int count = t.count.value_or(1);
      planned.count = count;
      if (contains(name, kTileCount)) {
        return tg::unexpected(invalid_parameter("Output.Media: {TileCount} is for Sprite snapshots; use {Count}"));
      }
      if (count > 1 && !contains(name, kCount)) {
        return tg::unexpected(
            invalid_parameter("Output.Media must contain the placeholder {Count} when Count is more than 1"));
      }
      auto pattern = translate(name, kCount, "{n+1:05}");
      if (!pattern) return tg::unexpected(invalid_parameter("Output.Media: the only placeholder here is {Count}"));
      planned.job.name_pattern = *pattern;
      engine::ImageOptions image;
      image.width = t.width.value_or(0);
      image.height = t.height.value_or(0);
      const int interval = t.interval_s.value_or(0);
      if (count > 1 && interval > 0) {
        tasks::SampleJob sample;
        sample.request = sampling(t, mode, interval);
        sample.request.image = image;
        sample.request.black = black_filter(t);
        planned.job.params = sample;
      } else {
        tasks::SnapshotJob snapshot;
        snapshot.mode = mode;
        snapshot.image = image;
        if (count == 1) {
          snapshot.times.push_back(tasks::RequestedTime::at_ms(t.time_ms.value_or(0)));
        } else {
          // Interval 0 or absent: evenly over the duration, the first at its start.
          for (int i = 0; i < count; ++i) snapshot.times.push_back(tasks::RequestedTime::at_percent(100.0 * i / count));
          snapshot.black = black_filter(t);
        }
        planned.job.params = snapshot;
      }
      TG_TRY(check_names(planned.job, ""));
      return planned;
    }
    case SnapshotType::kSprite:
    case SnapshotType::kWebVtt: {
      const bool webvtt = planned.type == SnapshotType::kWebVtt;
      std::string pattern;
      if (webvtt) {
        if (name.size() <= 4 || name.substr(name.size() - 4) != ".vtt") {
          return tg::unexpected(invalid_parameter("Output.Media of a WebVtt snapshot must end with \".vtt\""));
        }
        if (contains(name, "{")) return tg::unexpected(invalid_parameter("Output.Media of a WebVtt snapshot takes no placeholder"));
        pattern = name.substr(0, name.size() - 4) + "-{n:05}.jpg";
      } else {
        if (!contains(name, kTileCount)) {
          return tg::unexpected(invalid_parameter("Output.Media of a Sprite snapshot must contain the placeholder {TileCount}"));
        }
        auto translated = translate(name, kTileCount, "{n:05}");
        if (!translated) return tg::unexpected(invalid_parameter("Output.Media: the only placeholder here is {TileCount}"));
        pattern = *translated;
      }
      tasks::SpriteJob sprite;
      sprite.request.sampling = sampling(t, mode, kDefaultSpriteIntervalS);
      sprite.request.sampling.black = black_filter(t);
      const auto [cell_w, cell_h] = cell_size(t);
      sprite.request.cell_width = cell_w;
      sprite.request.cell_height = cell_h;
      // WebVtt without IsSptFrag: one image per cue, each a page of one tile.
      const bool tiled = !webvtt || t.is_spt_frag.value_or(false);
      sprite.request.columns = tiled ? t.sprite.columns.value_or(kDefaultGrid) : 1;
      sprite.request.rows = tiled ? t.sprite.lines.value_or(kDefaultGrid) : 1;
      sprite.request.padding = tiled ? t.sprite.padding.value_or(0) : 0;
      sprite.request.margin = tiled ? t.sprite.margin.value_or(0) : 0;
      sprite.request.color = t.sprite.color.value_or(0x000000);
      const int64_t page_w = 2LL * sprite.request.margin + int64_t{sprite.request.columns} * cell_w +
                             int64_t{sprite.request.columns - 1} * sprite.request.padding;
      const int64_t page_h = 2LL * sprite.request.margin + int64_t{sprite.request.rows} * cell_h +
                             int64_t{sprite.request.rows - 1} * sprite.request.padding;
      if (page_w > kMaxSide || page_h > kMaxSide) {
        return tg::unexpected(invalid_parameter("SpriteSnapshotConfig makes a sprite of " + std::to_string(page_w) + "x" +
                                                std::to_string(page_h) + ", above " + std::to_string(kMaxSide) +
                                                " pixels per side"));
      }
      if (webvtt) sprite.vtt_name = name;
      planned.count = t.count.value_or(0);
      planned.job.name_pattern = pattern;
      planned.job.params = sprite;
      TG_TRY(check_names(planned.job, webvtt ? name : ""));
      return planned;
    }
  }
  return planned;
}

}  // namespace tg::adapters::aliyun_ice
