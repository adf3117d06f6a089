#pragma once
// The display orientation of a stream (from its display matrix) and applying it to frame pixels.

#include "engine/av_handles.hpp"

namespace tg::engine {

/// How a display pixel (x, y) is read from the decoded picture: swap axes first when `transpose`,
/// then mirror the source x / y. Covers the eight right-angle rotations and flips.
struct Orientation {
  bool transpose = false;
  bool flip_x = false;
  bool flip_y = false;
  int degrees = 0;  // clockwise rotation applied for display: 0, 90, 180, 270

  bool identity() const { return !transpose && !flip_x && !flip_y; }
};

/// `base` followed by a clockwise turn of `turn_degrees` (0, 90, 180, 270; others count as 0), then a
/// left-right mirror when `flip_h` and a top-bottom one when `flip_v`. `degrees` adds up the turns.
Orientation compose(const Orientation& base, int turn_degrees, bool flip_h, bool flip_v);

/// The orientation from a 3x3 display matrix (libav layout); identity when null or not a right angle.
Orientation orientation_from_matrix(const int32_t* matrix);

/// The orientation of `stream` from its AV_PKT_DATA_DISPLAYMATRIX side data.
Orientation stream_orientation(const AVStream* stream);

/// A new frame with `src`'s pixels re-oriented (planar or packed 8-bit formats); null on failure.
FramePtr apply_orientation(const AVFrame* src, const Orientation& orientation);

}  // namespace tg::engine
