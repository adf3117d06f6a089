#pragma once
// A storyboard's geometry and times from the media's duration: as Mux does, 50 tiles under 15 minutes and
// 100 from 15 minutes on, 256 pixels wide, at even intervals over the whole media; `tiles`, `columns` and
// `width` change that. The tile layout itself is the engine's sprite layout (engine/sprite_layout.hpp), so
// the sheet the engine draws and the metadata that points into it are the same geometry.

#include <vector>

#include "adapters/player/player_error.hpp"
#include "adapters/player/player_request.hpp"
#include "core/result.hpp"
#include "engine/engine.hpp"
#include "engine/sprite_layout.hpp"

namespace tg::adapters::player {

inline constexpr double kLongMediaSeconds = 15 * 60;
inline constexpr int kShortMediaTiles = 50;
inline constexpr int kLongMediaTiles = 100;
inline constexpr int kDefaultStoryboardColumns = 10;
inline constexpr int kDefaultStoryboardTileWidth = 256;

struct StoryboardPlan {
  int tiles = 0;
  int columns = 0;
  int rows = 0;
  int tile_width = 0;
  int tile_height = 0;
  double duration_s = 0;      // the media's, to the millisecond
  double interval_s = 0;      // duration / tiles: every tile's share of the timeline
  std::vector<double> times;  // each tile's start, to the millisecond
  engine::SpriteLayout layout;  // one page: its size and one cue per tile (start, end, x, y, w, h)
  Format sheet_format = Format::kJpeg;

  /// The engine request that draws this sheet for the pixel side: `tiles` samples every `interval_s` from 0,
  /// the grid and the cell size (the image format is the pixel side's to set from sheet_format).
  engine::SpriteRequest sprite_request() const;
};

/// The plan for `params` over media of `duration_s` seconds whose picture is `source_width` x
/// `source_height` as displayed (0 x 0 when unknown: 16:9). Tiles keep the source's aspect ratio.
tg::Result<StoryboardPlan, PlayerError> plan_storyboard(const StoryboardParams& params, double duration_s,
                                                        int source_width, int source_height);

}  // namespace tg::adapters::player
