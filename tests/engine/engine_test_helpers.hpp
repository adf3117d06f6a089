#pragma once
// Small helpers for the engine tests: decoding produced images with libavcodec.

#include <cstdint>
#include <vector>

#include "engine/av_handles.hpp"

namespace tg::engine::testing {

/// Decodes JPEG or PNG bytes into a frame; null when they are not a valid image.
inline FramePtr decode_image(const std::vector<uint8_t>& bytes) {
  if (bytes.size() < 4) return nullptr;
  bool png = bytes[0] == 0x89 && bytes[1] == 'P';
  const AVCodec* codec = avcodec_find_decoder(png ? AV_CODEC_ID_PNG : AV_CODEC_ID_MJPEG);
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx || avcodec_open2(ctx.get(), codec, nullptr) < 0) return nullptr;
  PacketPtr packet(av_packet_alloc());
  if (av_new_packet(packet.get(), static_cast<int>(bytes.size())) < 0) return nullptr;
  std::copy(bytes.begin(), bytes.end(), packet->data);
  if (avcodec_send_packet(ctx.get(), packet.get()) < 0) return nullptr;
  avcodec_send_packet(ctx.get(), nullptr);
  FramePtr frame = make_frame();
  if (avcodec_receive_frame(ctx.get(), frame.get()) < 0) return nullptr;
  return frame;
}

/// Mean of the first plane over the rectangle (luma for JPEG; red-green-blue bytes for RGB24 PNG).
inline double mean_of_plane(const AVFrame* frame, int x, int y, int w, int h) {
  const int bpp = frame->format == AV_PIX_FMT_RGB24 ? 3 : 1;
  double sum = 0;
  for (int j = y; j < y + h; ++j) {
    const uint8_t* row = frame->data[0] + static_cast<ptrdiff_t>(j) * frame->linesize[0];
    for (int i = x * bpp; i < (x + w) * bpp; ++i) sum += row[i];
  }
  return sum / (static_cast<double>(w) * h * bpp);
}

}  // namespace tg::engine::testing
