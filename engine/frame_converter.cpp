#include "engine/frame_converter.hpp"

#include "engine/canvas.hpp"
#include "engine/engine_error.hpp"
#include "engine/image_encoder.hpp"
#include "engine/scaler.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace tg::engine {

SourceGeometry frame_geometry(const AVFrame* frame, AVRational stream_sar, const Orientation& orientation) {
  SourceGeometry g;
  g.coded_width = frame->width;
  g.coded_height = frame->height;
  AVRational sar = frame->sample_aspect_ratio.num > 0 ? frame->sample_aspect_ratio : stream_sar;
  g.sar_num = sar.num;
  g.sar_den = sar.den;
  g.transpose = orientation.transpose;
  return g;
}

EngineResult<FramePtr> oriented_picture(const AVFrame* frame, const Orientation& orientation,
                                        int width, int height, AVPixelFormat format) {
  // Scale first (to the pre-rotation size) so that re-orientation touches the small picture.
  int scaled_w = orientation.transpose ? height : width;
  int scaled_h = orientation.transpose ? width : height;
  FramePtr scaled = scale_frame(frame, scaled_w, scaled_h, format);
  if (!scaled) {
    const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame->format));
    return fail(Errc::kUnsupported,
                std::string("cannot convert pixel format ") + (name ? name : "unknown"));
  }
  if (orientation.identity()) return scaled;
  FramePtr turned = apply_orientation(scaled.get(), orientation);
  if (!turned) return fail(Errc::kInternal, "cannot rotate the picture");
  return turned;
}

EngineResult<FramePtr> render_picture(const AVFrame* frame, AVRational stream_sar, const Orientation& orientation,
                                      const ImageOptions& options, AVPixelFormat format, bool even) {
  const Orientation turned = compose(orientation, options.turn_degrees, options.flip_h, options.flip_v);
  TG_TRY_ASSIGN(auto plan, plan_size(frame_geometry(frame, stream_sar, turned), options, even));
  TG_TRY_ASSIGN(FramePtr out, oriented_picture(frame, turned, plan.content_width, plan.content_height, format));
  if (plan.content_width > plan.image_width || plan.content_height > plan.image_height) {
    FramePtr cut = crop(out.get(), plan.crop_x, plan.crop_y, plan.image_width, plan.image_height);
    if (!cut) return fail(Errc::kInternal, "cannot crop the picture");
    out = std::move(cut);
  } else if (plan.image_width != plan.content_width || plan.image_height != plan.content_height) {
    FramePtr canvas = make_canvas(plan.image_width, plan.image_height, format, options.background);
    if (!canvas) return fail(Errc::kInternal, "out of memory");
    paste(canvas.get(), out.get(), plan.content_x, plan.content_y);
    out = std::move(canvas);
  }
  return out;
}

EngineResult<Image> render_image(const AVFrame* frame, AVRational stream_sar,
                                 const Orientation& orientation, const ImageOptions& options) {
  TG_TRY_ASSIGN(FramePtr out, render_picture(frame, stream_sar, orientation, options,
                                             encoder_input_format(options.format),
                                             options.format == ImageFormat::kJpeg));
  return encode_image(out.get(), options.format, options.quality);
}

}  // namespace tg::engine
