#include "engine/canvas.hpp"
#include "engine/engine.hpp"
#include "engine/engine_error.hpp"
#include "engine/frame_converter.hpp"
#include "engine/frame_grabber.hpp"
#include "engine/image_encoder.hpp"
#include "engine/request_checks.hpp"
#include "engine/sampling_plan.hpp"
#include "engine/sprite_layout.hpp"

namespace tg::engine {
namespace {

// Most tiles one sprite request may hold (pages stay in memory until returned).
constexpr int kMaxSpriteTiles = 20000;

}  // namespace

EngineResult<SpriteResult> sprite(const Source& source, const SpriteRequest& request) {
  TG_TRY(check_black_filter(request.sampling.black));
  TG_TRY(layout_sprite(request, {}, 0));
  if (auto r = sampling_times(request.sampling, 1.0); !r && r.error().code == Errc::kInvalidArgument) {
    return tg::unexpected(std::move(r.error()));
  }
  TG_TRY_ASSIGN(auto grabber, FrameGrabber::open(source, request.sampling.image.rotate, request.sampling.mode));
  FrameGrabber& g = *grabber;
  TG_TRY_ASSIGN(auto times, sampling_times(request.sampling, g.duration_s()));
  if (times.size() > static_cast<size_t>(kMaxSpriteTiles)) {
    return fail(Errc::kInvalidArgument, "more than " + std::to_string(kMaxSpriteTiles) + " sprite tiles");
  }
  TG_TRY_ASSIGN(auto layout, layout_sprite(request, times, g.duration_s()));

  SpriteResult result;
  result.cues = layout.cues;
  result.tile_count = static_cast<int>(times.size());
  // Pages are drawn in RGB: tiles land at any pixel offset, which 4:2:0 planes cannot take.
  FramePtr page;
  int page_index = -1;
  double previous_frame_s = 0;  // presentation time of the previous tile's frame
  for (size_t i = 0; i < times.size(); ++i) {
    const SpriteCue& cue = layout.cues[i];
    if (cue.page != page_index) {
      if (page) {
        TG_TRY_ASSIGN(auto image, encode_image(page.get(), request.format, request.quality));
        result.pages.push_back(std::move(image));
      }
      page = make_canvas(layout.page_width, layout.page_height, AV_PIX_FMT_RGB24, request.color);
      if (!page) return fail(Errc::kInternal, "out of memory");
      page_index = cue.page;
    }
    // Keyframe tiles while the tiles are further apart than the keyframes. A tile whose keyframe an
    // earlier tile already showed is decoded forward to its own time instead of repeating it.
    const double t = times[i];
    const bool keyframe_tiles = request.sampling.mode == SeekMode::kKeyframe;
    bool forward = keyframe_tiles && i > 0 && g.same_keyframe(times[i - 1], t);
    TG_TRY_ASSIGN(GrabbedFrame frame,
                  g.grab(t, forward ? SeekMode::kExact : request.sampling.mode, request.sampling.black));
    if (keyframe_tiles && !forward && i > 0 && frame.frame_s <= previous_frame_s) {
      // No index told beforehand (or it was off by a frame): the keyframe is a repeat.
      TG_TRY_ASSIGN(frame, g.grab(t, SeekMode::kExact, request.sampling.black));
    }
    previous_frame_s = frame.frame_s;
    TG_TRY_ASSIGN(auto tile, oriented_picture(frame.frame.get(), g.orientation(), cue.w, cue.h, AV_PIX_FMT_RGB24));
    paste(page.get(), tile.get(), cue.x, cue.y);
  }
  if (page) {
    TG_TRY_ASSIGN(auto image, encode_image(page.get(), request.format, request.quality));
    result.pages.push_back(std::move(image));
  }
  return result;
}

}  // namespace tg::engine
