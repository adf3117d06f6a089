#include "engine/avif_encoder.hpp"

#include <avif/avif.h>

#include <memory>
#include <string>

#include "engine/engine_error.hpp"

namespace tg::engine {
namespace {

struct AvifImageDeleter {
  void operator()(avifImage* image) const { avifImageDestroy(image); }
};
struct AvifEncoderDeleter {
  void operator()(avifEncoder* encoder) const { avifEncoderDestroy(encoder); }
};
struct AvifOutput {
  avifRWData data = AVIF_DATA_EMPTY;
  ~AvifOutput() { avifRWDataFree(&data); }
};

// libaom's fastest still-picture settings cost a few ms at thumbnail sizes; slower ones grow with the
// area far faster than JPEG or WebP do.
constexpr int kAvifSpeed = 8;

}  // namespace

int avif_quantizer_for_quality(int quality) {
  if (quality < 1) quality = 1;
  if (quality > 100) quality = 100;
  return ((100 - quality) * 63 + 50) / 100;
}

EngineResult<std::vector<uint8_t>> encode_avif(const AVFrame* frame, int quality) {
  if (quality < 1 || quality > 100) {
    return fail(Errc::kInvalidArgument, "AVIF quality must be 1..100, got " + std::to_string(quality));
  }
  if (frame->format != AV_PIX_FMT_RGB24) return fail(Errc::kInternal, "AVIF input must be RGB24");
  std::unique_ptr<avifImage, AvifImageDeleter> image(
      avifImageCreate(static_cast<uint32_t>(frame->width), static_cast<uint32_t>(frame->height), 8,
                      AVIF_PIXEL_FORMAT_YUV420));
  if (!image) return fail(Errc::kInternal, "out of memory");
  image->yuvRange = AVIF_RANGE_LIMITED;
  image->matrixCoefficients = AVIF_MATRIX_COEFFICIENTS_BT601;
  image->colorPrimaries = AVIF_COLOR_PRIMARIES_BT709;
  image->transferCharacteristics = AVIF_TRANSFER_CHARACTERISTICS_SRGB;
  avifRGBImage rgb;
  avifRGBImageSetDefaults(&rgb, image.get());
  rgb.format = AVIF_RGB_FORMAT_RGB;
  rgb.depth = 8;
  rgb.pixels = frame->data[0];
  rgb.rowBytes = static_cast<uint32_t>(frame->linesize[0]);
  if (avifResult rc = avifImageRGBToYUV(image.get(), &rgb); rc != AVIF_RESULT_OK) {
    return fail_with_detail(Errc::kEncode, std::string("AVIF colour conversion failed: ") + avifResultToString(rc));
  }
  std::unique_ptr<avifEncoder, AvifEncoderDeleter> encoder(avifEncoderCreate());
  if (!encoder) return fail(Errc::kInternal, "out of memory");
  encoder->maxThreads = 1;  // one task per thread: parallelism comes from running tasks side by side
  encoder->speed = kAvifSpeed;
  encoder->minQuantizer = encoder->maxQuantizer = avif_quantizer_for_quality(quality);
  AvifOutput output;
  if (avifResult rc = avifEncoderWrite(encoder.get(), image.get(), &output.data); rc != AVIF_RESULT_OK) {
    return fail_with_detail(Errc::kEncode, std::string("AVIF encoding failed: ") + avifResultToString(rc));
  }
  return std::vector<uint8_t>(output.data.data, output.data.data + output.data.size);
}

}  // namespace tg::engine
