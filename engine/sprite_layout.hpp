#pragma once
// Sprite page geometry and the cues that point into it (pure).

#include <vector>

#include "engine/engine.hpp"

namespace tg::engine {

struct SpriteLayout {
  int page_width = 0;
  int page_height = 0;
  int tiles_per_page = 0;
  int page_count = 0;
  std::vector<SpriteCue> cues;  // one per tile, in time order
};

/// The layout for tiles at `times` (ascending) of a stream lasting `duration_s`; kInvalidArgument
/// for a grid or cell size out of range.
EngineResult<SpriteLayout> layout_sprite(const SpriteRequest& request, const std::vector<double>& times,
                                         double duration_s);

}  // namespace tg::engine
