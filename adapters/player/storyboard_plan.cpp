#include "adapters/player/storyboard_plan.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "adapters/player/duration_checks.hpp"
#include "engine/pixel_limits.hpp"

namespace tg::adapters::player {
namespace {

constexpr int kMaxTileHeight = 4096;

int tile_height_for(int tile_width, int source_width, int source_height) {
  const double aspect = (source_width > 0 && source_height > 0)
                            ? static_cast<double>(source_height) / source_width
                            : 9.0 / 16.0;
  // Even heights, as the sheet's chroma planes want; never below 2 or absurdly tall.
  const long long h = std::llround(tile_width * aspect / 2.0) * 2;
  return static_cast<int>(std::clamp<long long>(h, 2, kMaxTileHeight));
}

}  // namespace

engine::SpriteRequest StoryboardPlan::sprite_request() const {
  engine::SpriteRequest request;
  request.columns = columns;
  request.rows = rows;
  request.cell_width = tile_width;
  request.cell_height = tile_height;
  request.padding = 0;
  request.margin = 0;
  request.sampling.interval = interval_s;
  request.sampling.start_s = 0;
  request.sampling.count = tiles;
  return request;
}

tg::Result<StoryboardPlan, PlayerError> plan_storyboard(const StoryboardParams& params, double duration_s,
                                                        int source_width, int source_height) {
  const auto duration_ms = duration_ms_of(duration_s);
  if (!duration_ms) return tg::unexpected(invalid_parameter("media", "the media has no usable duration"));
  StoryboardPlan plan;
  plan.sheet_format = params.sheet_format;
  plan.duration_s = static_cast<double>(*duration_ms) / 1000.0;
  plan.tiles = params.tiles.value_or(plan.duration_s < kLongMediaSeconds ? kShortMediaTiles : kLongMediaTiles);
  plan.columns = std::min(params.columns.value_or(kDefaultStoryboardColumns), plan.tiles);
  plan.rows = (plan.tiles + plan.columns - 1) / plan.columns;
  plan.tile_width = params.tile_width.value_or(kDefaultStoryboardTileWidth);
  plan.tile_height = tile_height_for(plan.tile_width, source_width, source_height);
  plan.interval_s = plan.duration_s / plan.tiles;

  const int64_t sheet_width = int64_t{plan.columns} * plan.tile_width;
  const int64_t sheet_height = int64_t{plan.rows} * plan.tile_height;
  if (!engine::image_size_ok(sheet_width, sheet_height)) {
    const char* blame = sheet_width > engine::kMaxDimension ? (params.columns ? "columns" : "width") : "tiles";
    return tg::unexpected(invalid_parameter(
        blame, "the storyboard sheet would be " + std::to_string(sheet_width) + "x" + std::to_string(sheet_height) +
                   ", above " + std::to_string(engine::kMaxDimension) + " per side or " +
                   std::to_string(engine::kMaxImagePixels) + " pixels"));
  }
  plan.times.reserve(static_cast<std::size_t>(plan.tiles));
  for (int i = 0; i < plan.tiles; ++i) {
    const int64_t start_ms = *duration_ms * i / plan.tiles;
    plan.times.push_back(static_cast<double>(start_ms) / 1000.0);
  }
  auto layout = engine::layout_sprite(plan.sprite_request(), plan.times, plan.duration_s);
  if (!layout) return tg::unexpected(invalid_parameter("tiles", layout.error().message));
  plan.layout = std::move(*layout);
  return plan;
}

}  // namespace tg::adapters::player
