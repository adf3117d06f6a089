#pragma once
// Turning a decoded frame into an output picture: plan the size, scale, re-orient, pad, encode.

#include "engine/av_handles.hpp"
#include "engine/engine.hpp"
#include "engine/rotation.hpp"
#include "engine/size_planner.hpp"

namespace tg::engine {

/// The geometry of `frame` (its own SAR, else `stream_sar`) under `orientation`.
SourceGeometry frame_geometry(const AVFrame* frame, AVRational stream_sar, const Orientation& orientation);

/// `frame` scaled to width x height after re-orientation, in `format`; kUnsupported on failure.
EngineResult<FramePtr> oriented_picture(const AVFrame* frame, const Orientation& orientation,
                                        int width, int height, AVPixelFormat format);

/// The picture of `frame` for `options` (sizes, fit, turn, flips, padding) in `format` (YUVJ420P or
/// RGB24); `even` keeps 4:2:0 offsets on even pixels.
EngineResult<FramePtr> render_picture(const AVFrame* frame, AVRational stream_sar, const Orientation& orientation,
                                      const ImageOptions& options, AVPixelFormat format, bool even);

/// The encoded image of `frame` for `options` (sizes, fit, format, quality); times left at 0.
EngineResult<Image> render_image(const AVFrame* frame, AVRational stream_sar,
                                 const Orientation& orientation, const ImageOptions& options);

}  // namespace tg::engine
