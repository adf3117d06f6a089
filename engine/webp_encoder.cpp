#include "engine/webp_encoder.hpp"

#include <webp/encode.h>

#include <memory>
#include <string>

#include "engine/engine_error.hpp"

namespace tg::engine {
namespace {

struct PictureGuard {
  WebPPicture* picture;
  ~PictureGuard() { WebPPictureFree(picture); }
};

}  // namespace

EngineResult<std::vector<uint8_t>> encode_webp(const AVFrame* frame, int quality) {
  if (quality < 1 || quality > 100) {
    return fail(Errc::kInvalidArgument, "WebP quality must be 1..100, got " + std::to_string(quality));
  }
  if (frame->format != AV_PIX_FMT_RGB24) return fail(Errc::kInternal, "WebP input must be RGB24");
  if (frame->width > WEBP_MAX_DIMENSION || frame->height > WEBP_MAX_DIMENSION) {
    return fail(Errc::kInvalidArgument, "WebP pictures are at most " + std::to_string(WEBP_MAX_DIMENSION) +
                                            " pixels on a side");
  }
  WebPConfig config;
  if (!WebPConfigPreset(&config, WEBP_PRESET_DEFAULT, static_cast<float>(quality))) {
    return fail(Errc::kInternal, "libwebp version mismatch");
  }
  config.method = 4;  // libwebp's default trade of speed for size
  WebPPicture picture;
  if (!WebPPictureInit(&picture)) return fail(Errc::kInternal, "libwebp version mismatch");
  picture.width = frame->width;
  picture.height = frame->height;
  picture.use_argb = 0;  // encode from YUV 4:2:0, converted once by the import below
  PictureGuard guard{&picture};
  if (!WebPPictureImportRGB(&picture, frame->data[0], frame->linesize[0])) {
    return fail(Errc::kInternal, "out of memory");
  }
  WebPMemoryWriter writer;
  WebPMemoryWriterInit(&writer);
  std::unique_ptr<WebPMemoryWriter, void (*)(WebPMemoryWriter*)> writer_guard(&writer, WebPMemoryWriterClear);
  picture.writer = WebPMemoryWrite;
  picture.custom_ptr = &writer;
  if (!WebPEncode(&config, &picture)) {
    return fail_with_detail(Errc::kEncode, "WebP encoding failed: libwebp error " +
                                               std::to_string(static_cast<int>(picture.error_code)));
  }
  return std::vector<uint8_t>(writer.mem, writer.mem + writer.size);
}

}  // namespace tg::engine
