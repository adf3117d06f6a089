#include "engine/sprite_layout.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/engine_error.hpp"
#include "engine/pixel_limits.hpp"

namespace tg::engine {

EngineResult<SpriteLayout> layout_sprite(const SpriteRequest& r, const std::vector<double>& times,
                                         double duration_s) {
  if (r.columns < 1 || r.rows < 1 || r.columns > 1000 || r.rows > 1000) {
    return fail(Errc::kInvalidArgument, "columns and rows must be 1..1000");
  }
  if (r.cell_width < 1 || r.cell_height < 1 || r.cell_width > kMaxDimension ||
      r.cell_height > kMaxDimension) {
    return fail(Errc::kInvalidArgument, "cell size must be 1.." + std::to_string(kMaxDimension));
  }
  if (r.padding < 0 || r.margin < 0 || r.padding > kMaxDimension || r.margin > kMaxDimension) {
    return fail(Errc::kInvalidArgument, "padding and margin must be 0.." + std::to_string(kMaxDimension));
  }
  if (r.color > 0xFFFFFF) return fail(Errc::kInvalidArgument, "color must be 0xRRGGBB");
  if (r.format != ImageFormat::kPng && (r.quality < 1 || r.quality > 100)) {
    return fail(Errc::kInvalidArgument, r.format == ImageFormat::kJpeg ? "JPEG quality must be 1..100"
                                                                       : "image quality must be 1..100");
  }
  const int64_t w = 2LL * r.margin + static_cast<int64_t>(r.columns) * r.cell_width +
                    static_cast<int64_t>(r.columns - 1) * r.padding;
  const int64_t h = 2LL * r.margin + static_cast<int64_t>(r.rows) * r.cell_height +
                    static_cast<int64_t>(r.rows - 1) * r.padding;
  if (!image_size_ok(w, h)) {
    return fail(Errc::kInvalidArgument, "sprite page " + std::to_string(w) + "x" + std::to_string(h) +
                                            " is above " + std::to_string(kMaxDimension) + " per side or " +
                                            std::to_string(kMaxImagePixels) + " pixels");
  }
  SpriteLayout layout;
  layout.page_width = static_cast<int>(w);
  layout.page_height = static_cast<int>(h);
  layout.tiles_per_page = r.columns * r.rows;
  const int n = static_cast<int>(times.size());
  layout.page_count = (n + layout.tiles_per_page - 1) / layout.tiles_per_page;
  layout.cues.reserve(times.size());
  for (int i = 0; i < n; ++i) {
    SpriteCue cue;
    cue.start_s = times[i];
    // An unknown (NaN) duration must not give the last cue an end before its start.
    cue.end_s = i + 1 < n ? times[i + 1] : std::isfinite(duration_s) ? std::max(duration_s, times[i]) : times[i];
    cue.page = i / layout.tiles_per_page;
    int slot = i % layout.tiles_per_page;
    cue.x = r.margin + (slot % r.columns) * (r.cell_width + r.padding);
    cue.y = r.margin + (slot / r.columns) * (r.cell_height + r.padding);
    cue.w = r.cell_width;
    cue.h = r.cell_height;
    layout.cues.push_back(cue);
  }
  return layout;
}

}  // namespace tg::engine
