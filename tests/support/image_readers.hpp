#pragma once
// Reading the player formats back in the engine tests: WebP and GIF through libavcodec, AVIF through
// libavif, animated WebP through libwebp's demuxer, and a GIF's blocks (palette, frames, loop) by hand.

#include <avif/avif.h>
#include <webp/demux.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <set>
#include <vector>

#include "engine/av_handles.hpp"

namespace tg::engine::testing {

/// One decoded picture as packed RGB.
struct RgbPicture {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;  // width * height * 3
  std::array<int, 3> at(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * width + x) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
  /// Mean R, G, B over the rectangle.
  std::array<double, 3> mean(int x, int y, int w, int h) const {
    std::array<double, 3> sum{0, 0, 0};
    for (int j = y; j < y + h; ++j) {
      for (int i = x; i < x + w; ++i) {
        auto p = at(i, j);
        for (int c = 0; c < 3; ++c) sum[c] += p[c];
      }
    }
    for (double& v : sum) v /= static_cast<double>(w) * h;
    return sum;
  }
};

inline bool is_webp(const std::vector<uint8_t>& b) {
  return b.size() > 12 && std::equal(b.begin(), b.begin() + 4, "RIFF") && std::equal(b.begin() + 8, b.begin() + 12, "WEBP");
}
inline bool is_gif(const std::vector<uint8_t>& b) {
  return b.size() > 6 && std::equal(b.begin(), b.begin() + 6, "GIF89a");
}
inline bool is_avif(const std::vector<uint8_t>& b) {
  avifROData data{b.data(), b.size()};
  return avifPeekCompatibleFileType(&data);
}

/// Any frame converted to RGB24 at its own size; empty on failure.
inline RgbPicture to_rgb(const AVFrame* frame) {
  RgbPicture out;
  SwsContextPtr sws(sws_getContext(frame->width, frame->height, static_cast<AVPixelFormat>(frame->format),
                                   frame->width, frame->height, AV_PIX_FMT_RGB24, SWS_POINT, nullptr, nullptr,
                                   nullptr));
  // libswscale writes whole vectors: into a padded frame, then the rows are copied out.
  FramePtr rgb = alloc_frame(frame->width, frame->height, AV_PIX_FMT_RGB24);
  if (!sws || !rgb) return out;
  sws_scale(sws.get(), frame->data, frame->linesize, 0, frame->height, rgb->data, rgb->linesize);
  out.width = frame->width;
  out.height = frame->height;
  const size_t row = static_cast<size_t>(out.width) * 3;
  out.rgb.resize(row * out.height);
  for (int y = 0; y < out.height; ++y) {
    std::copy_n(rgb->data[0] + static_cast<ptrdiff_t>(y) * rgb->linesize[0], row, out.rgb.begin() + y * row);
  }
  return out;
}

/// The first picture of a JPEG, PNG, WebP (still), GIF or AVIF file as RGB; width 0 when undecodable.
inline RgbPicture decode_rgb(const std::vector<uint8_t>& bytes) {
  if (bytes.size() < 12) return {};
  if (is_avif(bytes)) {
    std::unique_ptr<avifDecoder, void (*)(avifDecoder*)> dec(avifDecoderCreate(), avifDecoderDestroy);
    std::unique_ptr<avifImage, void (*)(avifImage*)> image(avifImageCreateEmpty(), avifImageDestroy);
    if (!dec || !image || avifDecoderReadMemory(dec.get(), image.get(), bytes.data(), bytes.size()) != AVIF_RESULT_OK) {
      return {};
    }
    RgbPicture out;
    out.width = static_cast<int>(image->width);
    out.height = static_cast<int>(image->height);
    out.rgb.resize(static_cast<size_t>(out.width) * out.height * 3);
    avifRGBImage rgb;
    avifRGBImageSetDefaults(&rgb, image.get());
    rgb.format = AVIF_RGB_FORMAT_RGB;
    rgb.depth = 8;
    rgb.pixels = out.rgb.data();
    rgb.rowBytes = static_cast<uint32_t>(out.width * 3);
    if (avifImageYUVToRGB(image.get(), &rgb) != AVIF_RESULT_OK) return {};
    return out;
  }
  AVCodecID id = AV_CODEC_ID_MJPEG;
  if (bytes[0] == 0x89 && bytes[1] == 'P') id = AV_CODEC_ID_PNG;
  else if (is_webp(bytes)) id = AV_CODEC_ID_WEBP;
  else if (is_gif(bytes)) id = AV_CODEC_ID_GIF;
  const AVCodec* codec = avcodec_find_decoder(id);
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx || avcodec_open2(ctx.get(), codec, nullptr) < 0) return {};
  PacketPtr packet(av_packet_alloc());
  if (av_new_packet(packet.get(), static_cast<int>(bytes.size())) < 0) return {};
  std::copy(bytes.begin(), bytes.end(), packet->data);
  if (avcodec_send_packet(ctx.get(), packet.get()) < 0) return {};
  avcodec_send_packet(ctx.get(), nullptr);
  FramePtr frame = make_frame();
  if (avcodec_receive_frame(ctx.get(), frame.get()) < 0) return {};
  return to_rgb(frame.get());
}

/// What a GIF's blocks say.
struct GifFacts {
  bool valid = false;
  int width = 0;
  int height = 0;
  int frames = 0;
  int loop = -1;  // NETSCAPE2.0 loop count (0 = forever); -1 when absent
  std::vector<uint32_t> global_palette;  // 0xRRGGBB
  std::vector<int> delays_cs;            // per frame, from the graphic control extensions
  size_t distinct_colours() const { return std::set<uint32_t>(global_palette.begin(), global_palette.end()).size(); }
};

inline GifFacts read_gif(const std::vector<uint8_t>& b) {
  GifFacts g;
  if (!is_gif(b) || b.size() < 13) return g;
  g.width = b[6] | (b[7] << 8);
  g.height = b[8] | (b[9] << 8);
  size_t p = 13;
  auto skip_sub_blocks = [&]() {
    while (p < b.size() && b[p] != 0) p += 1 + b[p];
    ++p;
  };
  if (b[10] & 0x80) {
    const size_t n = size_t{1} << ((b[10] & 7) + 1);
    for (size_t i = 0; i < n && p + 2 < b.size(); ++i, p += 3) {
      g.global_palette.push_back((uint32_t{b[p]} << 16) | (uint32_t{b[p + 1]} << 8) | b[p + 2]);
    }
  }
  while (p < b.size()) {
    const uint8_t tag = b[p++];
    if (tag == 0x3B) {  // trailer
      g.valid = true;
      return g;
    }
    if (tag == 0x21 && p < b.size()) {
      const uint8_t label = b[p++];
      if (label == 0xFF && p + 12 < b.size() && b[p] == 11 &&
          std::equal(b.begin() + static_cast<long>(p) + 1, b.begin() + static_cast<long>(p) + 12, "NETSCAPE2.0")) {
        p += 12;
        if (p + 3 < b.size() && b[p] == 3 && b[p + 1] == 1) g.loop = b[p + 2] | (b[p + 3] << 8);
      } else if (label == 0xF9 && p + 4 < b.size()) {
        g.delays_cs.push_back(b[p + 2] | (b[p + 3] << 8));
      }
      skip_sub_blocks();
    } else if (tag == 0x2C && p + 9 <= b.size()) {
      const uint8_t flags = b[p + 8];
      p += 9;
      if (flags & 0x80) p += 3 * (size_t{1} << ((flags & 7) + 1));
      ++p;  // LZW minimum code size
      skip_sub_blocks();
      ++g.frames;
    } else {
      return g;
    }
  }
  return g;
}

/// What an animated WebP says, every frame decoded.
struct WebpAnimationFacts {
  bool valid = false;
  int width = 0;
  int height = 0;
  int frames = 0;
  int loop = -1;
  int last_timestamp_ms = 0;  // when the last frame ends
};

inline WebpAnimationFacts read_webp_animation(const std::vector<uint8_t>& bytes) {
  WebpAnimationFacts f;
  WebPData data{bytes.data(), bytes.size()};
  WebPAnimDecoderOptions options;
  if (!WebPAnimDecoderOptionsInit(&options)) return f;
  std::unique_ptr<WebPAnimDecoder, void (*)(WebPAnimDecoder*)> dec(WebPAnimDecoderNew(&data, &options),
                                                                  WebPAnimDecoderDelete);
  if (!dec) return f;
  WebPAnimInfo info;
  if (!WebPAnimDecoderGetInfo(dec.get(), &info)) return f;
  f.width = static_cast<int>(info.canvas_width);
  f.height = static_cast<int>(info.canvas_height);
  f.loop = static_cast<int>(info.loop_count);
  while (WebPAnimDecoderHasMoreFrames(dec.get())) {
    uint8_t* rgba = nullptr;
    int timestamp = 0;
    if (!WebPAnimDecoderGetNext(dec.get(), &rgba, &timestamp)) return f;
    ++f.frames;
    f.last_timestamp_ms = timestamp;
  }
  f.valid = f.frames == static_cast<int>(info.frame_count);
  return f;
}

}  // namespace tg::engine::testing
