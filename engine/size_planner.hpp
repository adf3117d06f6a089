#pragma once
// Pure size arithmetic: the display size of a source and the output image size for ImageOptions.

#include "engine/engine.hpp"

namespace tg::engine {

struct SourceGeometry {
  int coded_width = 0;
  int coded_height = 0;
  int sar_num = 0;  // sample aspect ratio; 0 or 0/0 = square pixels
  int sar_den = 0;
  bool transpose = false;  // the orientation swaps width and height
};

struct SizePlan {
  int display_width = 0;   // the source as it should be seen (SAR and orientation applied)
  int display_height = 0;
  int image_width = 0;     // the output image
  int image_height = 0;
  int content_width = 0;   // the picture inside the image (smaller than the image when padded,
  int content_height = 0;  // larger when cropped)
  int content_x = 0;       // where the content lies in the image (padding)
  int content_y = 0;
  int crop_x = 0;          // where the image lies in the content (cropping)
  int crop_y = 0;
};

/// The display size of a source: coded width stretched by the SAR, then swapped when transposed.
EngineResult<SizePlan> display_size(const SourceGeometry& source);

/// The output size for `options` on `source` (see ImageOptions); kInvalidArgument for negative or
/// absurd sizes, kTooLarge for an absurd source. `even` puts padded content at even offsets (JPEG with
/// 4:2:0 chroma); sizes themselves are never rounded to even.
EngineResult<SizePlan> plan_size(const SourceGeometry& source, const ImageOptions& options, bool even);

}  // namespace tg::engine
