// The animated WebP AnimationSink: libwebp's WebPAnimEncoder, fed each picture as it is made.

#include <webp/encode.h>
#include <webp/mux.h>

#include <memory>
#include <string>

#include "engine/animation_sink.hpp"
#include "engine/engine_error.hpp"

namespace tg::engine {
namespace {

struct AnimEncoderDeleter {
  void operator()(WebPAnimEncoder* encoder) const { WebPAnimEncoderDelete(encoder); }
};

struct PictureGuard {
  WebPPicture picture;
  PictureGuard() { WebPPictureInit(&picture); }
  ~PictureGuard() { WebPPictureFree(&picture); }
};

struct WebPDataGuard {
  WebPData data;
  WebPDataGuard() { WebPDataInit(&data); }
  ~WebPDataGuard() { WebPDataClear(&data); }
};

class WebpAnimationSink final : public AnimationSink {
 public:
  WebpAnimationSink(std::unique_ptr<WebPAnimEncoder, AnimEncoderDeleter> encoder, const WebPConfig& config)
      : encoder_(std::move(encoder)), config_(config) {}

  AVPixelFormat pixel_format() const override { return AV_PIX_FMT_RGB24; }

  EngineResult<Ok> add(FramePtr picture, int64_t start_ms) override {
    PictureGuard guard;
    WebPPicture& pic = guard.picture;
    pic.width = picture->width;
    pic.height = picture->height;
    pic.use_argb = 1;  // the animation encoder compares frames in ARGB
    if (!WebPPictureImportRGB(&pic, picture->data[0], picture->linesize[0])) {
      return fail(Errc::kInternal, "out of memory");
    }
    if (!WebPAnimEncoderAdd(encoder_.get(), &pic, static_cast<int>(start_ms), &config_)) {
      return fail_with_detail(Errc::kEncode, std::string("animated WebP encoding failed: ") +
                                                 WebPAnimEncoderGetError(encoder_.get()));
    }
    return Ok{};
  }

  EngineResult<std::vector<uint8_t>> finish(int64_t end_ms) override {
    if (!WebPAnimEncoderAdd(encoder_.get(), nullptr, static_cast<int>(end_ms), nullptr)) {
      return fail_with_detail(Errc::kEncode, std::string("animated WebP encoding failed: ") +
                                                 WebPAnimEncoderGetError(encoder_.get()));
    }
    WebPDataGuard out;
    if (!WebPAnimEncoderAssemble(encoder_.get(), &out.data)) {
      return fail_with_detail(Errc::kEncode, std::string("animated WebP assembly failed: ") +
                                                 WebPAnimEncoderGetError(encoder_.get()));
    }
    return std::vector<uint8_t>(out.data.bytes, out.data.bytes + out.data.size);
  }

 private:
  std::unique_ptr<WebPAnimEncoder, AnimEncoderDeleter> encoder_;
  WebPConfig config_;
};

}  // namespace

EngineResult<std::unique_ptr<AnimationSink>> make_webp_animation_sink(int width, int height, int quality) {
  if (quality < 1 || quality > 100) return fail(Errc::kInvalidArgument, "WebP quality must be 1..100");
  WebPAnimEncoderOptions options;
  if (!WebPAnimEncoderOptionsInit(&options)) return fail(Errc::kInternal, "libwebp version mismatch");
  options.anim_params.loop_count = 0;  // forever
  options.anim_params.bgcolor = 0xFF000000;
  options.allow_mixed = 0;
  WebPConfig config;
  if (!WebPConfigPreset(&config, WEBP_PRESET_DEFAULT, static_cast<float>(quality))) {
    return fail(Errc::kInternal, "libwebp version mismatch");
  }
  config.method = 4;
  std::unique_ptr<WebPAnimEncoder, AnimEncoderDeleter> encoder(WebPAnimEncoderNew(width, height, &options));
  if (!encoder) return fail(Errc::kInternal, "cannot create an animated WebP encoder");
  return std::unique_ptr<AnimationSink>(new WebpAnimationSink(std::move(encoder), config));
}

}  // namespace tg::engine
