#include "engine/size_planner.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/engine_error.hpp"
#include "engine/pixel_limits.hpp"

namespace tg::engine {
namespace {

// Sizes are kept exactly as asked (a template's 500x281 stays 500x281): TurboJPEG encodes odd
// 4:2:0 pictures, whose chroma planes round up.
int round_size(double v) { return std::max(1, static_cast<int>(std::lround(v))); }

int round_offset(double v, bool even) {
  int r = static_cast<int>(std::floor(v));
  if (even) r &= ~1;
  return std::max(0, r);
}

}  // namespace

EngineResult<SizePlan> display_size(const SourceGeometry& s) {
  if (s.coded_width <= 0 || s.coded_height <= 0) {
    return fail(Errc::kCorrupt, "source has no frame size");
  }
  if (!source_size_ok(s.coded_width, s.coded_height)) {
    return fail(Errc::kTooLarge, "source frame size " + std::to_string(s.coded_width) + "x" +
                                     std::to_string(s.coded_height) + " is too large");
  }
  double width = s.coded_width;
  if (s.sar_num > 0 && s.sar_den > 0 && s.sar_num != s.sar_den) {
    width = width * s.sar_num / s.sar_den;
  }
  SizePlan plan;
  int w = std::clamp(static_cast<int>(std::lround(width)), 1, kMaxDimension);
  int h = s.coded_height;
  plan.display_width = s.transpose ? h : w;
  plan.display_height = s.transpose ? w : h;
  return plan;
}

EngineResult<SizePlan> plan_size(const SourceGeometry& source, const ImageOptions& o, bool even) {
  if (o.width < 0 || o.height < 0 || o.max_length < 0) {
    return fail(Errc::kInvalidArgument, "image sizes must not be negative");
  }
  if (o.width > kMaxDimension || o.height > kMaxDimension) {
    return fail(Errc::kInvalidArgument,
                "image size above " + std::to_string(kMaxDimension) + " pixels");
  }
  auto base = display_size(source);
  if (!base) return base;
  SizePlan plan = *base;
  const double dw = plan.display_width;
  const double dh = plan.display_height;

  double cw = dw;
  double ch = dh;
  double iw = 0;
  double ih = 0;
  if (o.width == 0 && o.height == 0) {
    if (o.max_length > 0 && std::max(dw, dh) > o.max_length) {
      double k = o.max_length / std::max(dw, dh);
      cw = dw * k;
      ch = dh * k;
    }
  } else if (o.height == 0) {
    cw = o.width;
    ch = o.width * dh / dw;
  } else if (o.width == 0) {
    ch = o.height;
    cw = o.height * dw / dh;
  } else if (o.fit == Fit::kPad || o.fit == Fit::kCrop) {
    iw = o.width;
    ih = o.height;
    double k = o.fit == Fit::kPad ? std::min(iw / dw, ih / dh) : std::max(iw / dw, ih / dh);
    cw = dw * k;
    ch = dh * k;
  } else if (o.fit == Fit::kPreserve) {
    double k = std::min(o.width / dw, o.height / dh);
    cw = std::min<double>(dw * k, o.width);
    ch = std::min<double>(dh * k, o.height);
  } else {
    cw = o.width;
    ch = o.height;
  }
  plan.content_width = round_size(cw);
  plan.content_height = round_size(ch);
  if (iw > 0 && o.fit == Fit::kCrop) {
    plan.image_width = round_size(iw);
    plan.image_height = round_size(ih);
    plan.content_width = std::max(plan.content_width, plan.image_width);
    plan.content_height = std::max(plan.content_height, plan.image_height);
    if (!image_size_ok(plan.content_width, plan.content_height)) {
      return fail(Errc::kInvalidArgument, "image size " + std::to_string(plan.image_width) + "x" +
                                              std::to_string(plan.image_height) + " crops too large a picture");
    }
    plan.crop_x = round_offset((plan.content_width - plan.image_width) / 2.0, even);
    plan.crop_y = round_offset((plan.content_height - plan.image_height) / 2.0, even);
  } else if (iw > 0) {
    plan.image_width = round_size(iw);
    plan.image_height = round_size(ih);
    plan.content_width = std::min(plan.content_width, plan.image_width);
    plan.content_height = std::min(plan.content_height, plan.image_height);
    plan.content_x = round_offset((plan.image_width - plan.content_width) / 2.0, even);
    plan.content_y = round_offset((plan.image_height - plan.content_height) / 2.0, even);
  } else {
    plan.image_width = plan.content_width;
    plan.image_height = plan.content_height;
  }
  if (!image_size_ok(plan.image_width, plan.image_height)) {
    return fail(Errc::kInvalidArgument, "image size " + std::to_string(plan.image_width) + "x" +
                                            std::to_string(plan.image_height) + " is too large");
  }
  return plan;
}

}  // namespace tg::engine
