#pragma once
// Pure arithmetic of an animated preview: request checks, the clipped end, the slot times, the picture size.

#include <vector>

#include "engine/engine.hpp"

namespace tg::engine {

/// kInvalidArgument when a field is outside the limits in engine.hpp (checked before any input is opened).
EngineResult<Ok> check_animated_request(const AnimatedRequest& request);

/// The end clipped to a media of `duration_s` (unknown when <= 0); kInvalidArgument when the start is at
/// or past the end of the media.
EngineResult<double> clip_animated_end(const AnimatedRequest& request, double duration_s);

/// start + k / fps for every k whose time is before `end_s` (at least the start itself).
std::vector<double> animated_slots(double start_s, double end_s, double fps);

/// The picture size options: the requested sides fitted inside (aspect kept), or 320 wide when both are 0.
ImageOptions animated_image_options(const AnimatedRequest& request);

}  // namespace tg::engine
