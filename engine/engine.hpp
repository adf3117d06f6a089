#pragma once
// The media engine's public face: snapshots at time points, interval sampling and sprite sheets, done
// in-process with libavformat/libavcodec/libswscale. Blocking calls, meant for worker threads.
// Knows nothing of HTTP, SQLite or vendors.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/address_policy.hpp"
#include "core/result.hpp"

namespace tg::engine {

enum class Errc {
  kInvalidArgument,    // a request field out of range (negative time, absurd size, zero interval, ...)
  kNotFound,           // the local file does not exist / HTTP 404
  kForbidden,          // protocol not in the whitelist, not readable, HTTP 401/403, or an address not allowed
  kNotMedia,           // the demuxer cannot make sense of the input
  kNoVideo,            // the input has no video stream (audio-only)
  kCorrupt,            // truncated or damaged beyond decoding any frame
  kUnsupported,        // codec or pixel format we cannot decode/convert
  kTooLarge,           // absurd frame dimensions, or more output than a task may make
  kTimeout,            // the deadline passed (stalled input, too slow)
  kCancelled,          // the cancel flag was raised
  kEncode,             // image encoding failed
  kIo,                 // any other I/O failure
  kInternal,
  kUnavailable,        // the server ran short of descriptors or memory: the same work may succeed later
  kNoSpace,            // no room left to write the outputs (disk full, quota, file size limit)
};

/// Stable lowercase name of an error code, e.g. "not_found".
const char* errc_name(Errc code);

/// A sentence for `code` that is safe to show a client, e.g. "the input does not exist".
const char* errc_message(Errc code);

struct Error {
  Errc code = Errc::kInternal;
  // Safe to show a client: says what was wrong without a server path, a URL, a host or a library's text.
  std::string message;
  // For the server log: what failed on which input and the library's or the system's own words (URLs
  // with their credentials redacted). Empty when `message` says it all.
  std::string detail;
};

template <class T>
using EngineResult = tg::Result<T, Error>;

/// What to open and how long it may take.
struct Source {
  std::string uri;  // a local path, or an http(s) URL
  // For a local path: the folder it must lie beneath (absolute). The open is confined to it, symlinks
  // and folders swapped in after the caller checked the path included. Empty: the path is opened as it
  // is, still without following a symlink in its last component.
  std::string root;
  std::chrono::milliseconds deadline{std::chrono::seconds(60)};
  const std::atomic<bool>* cancel = nullptr;  // raised by the owner to stop the work
  // Decoder threads: 1 suits a server running tasks side by side; 0 = one per core, for the lowest
  // latency of a single call (the command line).
  int decoder_threads = 1;
  // Which addresses an http(s) input may connect to (redirects included); nullptr = public ones only.
  const tg::AddressPolicy* policy = nullptr;
  // An http(s) transfer that receives nothing (or under 1 KiB/s) for this long fails with kTimeout.
  std::chrono::milliseconds idle_timeout{15000};
};

struct MediaInfo {
  double duration_s = 0;      // of the video stream (or container when unknown)
  double start_time_s = 0;    // the stream's first timestamp
  int coded_width = 0;        // decoder size
  int coded_height = 0;
  int display_width = 0;      // after sample aspect ratio and (auto) rotation
  int display_height = 0;
  int rotation_degrees = 0;   // 0, 90, 180, 270 from the display matrix
  std::string codec;          // e.g. "h264"
  double frame_rate = 0;
};

enum class SeekMode { kExact, kKeyframe };
enum class ImageFormat { kJpeg, kPng, kWebp, kAvif };
enum class Rotate { kAuto, kOff };
// When both sizes are set: stretch to them; fit inside and pad to them; fit inside and keep the smaller
// size (preserve); fill them and cut the excess off both sides equally (crop).
enum class Fit { kStretch, kPad, kPreserve, kCrop };

struct ImageOptions {
  int width = 0;       // 0 = from the source (see height); both 0 = source display size
  int height = 0;
  int max_length = 0;  // when width and height are 0: longer side at most this (downscale only); 0 = off
  Fit fit = Fit::kStretch;
  ImageFormat format = ImageFormat::kJpeg;
  int quality = 85;    // JPEG, WebP and AVIF quality 1..100
  Rotate rotate = Rotate::kAuto;
  uint32_t background = 0x000000;  // RGB used for padding
  // Applied after the display matrix (when `rotate` is kAuto), in this order: a clockwise turn of 0, 90,
  // 180 or 270 degrees, then the mirrors. Sizes are those of the turned picture.
  int turn_degrees = 0;
  bool flip_h = false;  // left-right
  bool flip_v = false;  // top-bottom
};

/// Skip candidate frames that are mostly black, taking the next frame instead.
struct BlackFilter {
  int pixel_threshold = -1;     // luma (0..255) below which a pixel counts as black; < 0 = filter off
  int max_black_percent = 100;  // a frame with more black pixels than this share (0..100) is skipped
  int max_skipped_frames = 150; // give up skipping after this many and keep the frame
  bool enabled() const { return pixel_threshold >= 0; }
};

struct TimePoint {
  double value = 0;      // seconds from the start of the stream, or percent of duration
  bool percent = false;
};

struct Image {
  std::vector<uint8_t> data;  // encoded JPEG/PNG/WebP/AVIF bytes
  ImageFormat format = ImageFormat::kJpeg;
  int width = 0;
  int height = 0;
  double requested_s = 0;  // the time asked for, in seconds from the stream start
  double frame_s = 0;      // presentation time of the frame used, in seconds from the stream start
  int index = 0;           // which time it answers: its position in SnapshotRequest::times, or the sample number
};

struct SnapshotRequest {
  std::vector<TimePoint> times;
  SeekMode mode = SeekMode::kExact;
  ImageOptions image;
  BlackFilter black;
};

struct SampleRequest {
  double interval = 10;   // seconds, or percent of duration when `percent`
  bool percent = false;
  double start_s = 0;     // first sample time
  int count = 0;          // 0 = until the end of the stream
  SeekMode mode = SeekMode::kExact;
  ImageOptions image;
  BlackFilter black;
};

/// Receives each image as it is made; return false to stop early.
using ImageSink = std::function<bool(Image&&)>;

struct SpriteRequest {
  SampleRequest sampling;  // which times become tiles (image.width/height are ignored: cells decide)
  int columns = 10;
  int rows = 10;
  int cell_width = 142;
  int cell_height = 80;
  int padding = 0;         // between cells
  int margin = 0;          // around the grid
  uint32_t color = 0x000000;
  ImageFormat format = ImageFormat::kJpeg;
  int quality = 85;
};

/// One WebVTT cue: the tile for [start_s, end_s) on `page`, at x,y,w,h in that page.
struct SpriteCue {
  double start_s = 0;
  double end_s = 0;
  int page = 0;  // 0-based
  int x = 0;
  int y = 0;
  int w = 0;
  int h = 0;
};

struct SpriteResult {
  std::vector<Image> pages;
  std::vector<SpriteCue> cues;
  int tile_count = 0;
};

enum class AnimatedFormat { kGif, kWebp };

/// Limits of an animated preview (those of Mux's animated images).
inline constexpr double kMaxAnimatedSpanS = 10.0;
inline constexpr double kMinAnimatedSpanS = 0.25;
inline constexpr int kMaxAnimatedSide = 640;
inline constexpr double kMaxAnimatedFps = 30.0;

struct AnimatedRequest {
  double start_s = 0;  // seconds from the stream start
  double end_s = 5;    // end - start within [kMinAnimatedSpanS, kMaxAnimatedSpanS]; clipped to the media
  int width = 0;       // each at most kMaxAnimatedSide; one 0 = keep the aspect; both 0 = 320 wide
  int height = 0;
  double fps = 15;     // (0, kMaxAnimatedFps]
  AnimatedFormat format = AnimatedFormat::kGif;
  int quality = 75;    // animated WebP quality 1..100 (GIF has none)
  Rotate rotate = Rotate::kAuto;
};

struct Animation {
  std::vector<uint8_t> data;  // a GIF or an animated WebP that loops forever
  AnimatedFormat format = AnimatedFormat::kGif;
  int width = 0;
  int height = 0;
  int frame_count = 0;    // pictures stored (a frame shown for several slots is stored once)
  double first_frame_s = 0;  // presentation time of the first picture, from the stream start
  double duration_s = 0;     // how long one loop plays
};

/// Reads stream facts without decoding the whole file.
EngineResult<MediaInfo> probe(const Source& source);

/// One image per request time, in the order of `request.times`.
EngineResult<std::vector<Image>> snapshot(const Source& source, const SnapshotRequest& request);

/// Images every `interval`, handed to `sink` in time order; returns how many were made.
EngineResult<int> sample(const Source& source, const SampleRequest& request, const ImageSink& sink);

/// Sprite pages of columns x rows tiles and the cues that index them.
EngineResult<SpriteResult> sprite(const Source& source, const SpriteRequest& request);

/// An animated preview of [start_s, end_s) at `fps`: each slot start + k/fps shows the first frame
/// presented at or after it; every needed frame is decoded once, from the keyframe before start_s.
EngineResult<Animation> animated(const Source& source, const AnimatedRequest& request);

/// A preview rendition: a small copy of the video stream that animated previews decode instead of the
/// source, showing the same frames for a fraction of the decoding.
struct RenditionRequest {
  std::string out_path;                 // the MP4 to write (its folder must exist); the caller names it
  int max_side = kMaxAnimatedSide;      // the display size is fitted inside max_side x max_side
  int crf = 20;                         // x264's constant rate factor
  int encoder_threads = 1;              // 0 = one per core
  double max_duration_s = 0;            // a longer source is refused (kTooLarge); 0 = any
  int64_t max_bytes = 0;                // a rendition growing past it is abandoned (kTooLarge); 0 = any
};

struct Rendition {
  int width = 0;  // stored size (the source's sample aspect ratio and display matrix are kept)
  int height = 0;
  int64_t frames = 0;
  int64_t bytes = 0;
};

/// Writes every frame of `source`'s video stream at its own timestamp, scaled by one factor so that the
/// display size fits inside max_side x max_side (never up), as H.264 (libx264) with a keyframe every
/// second and only non-reference B-frames, in an MP4 at `request.out_path`. A partial file is left
/// behind on failure; the caller removes it.
EngineResult<Rendition> make_preview_rendition(const Source& source, const RenditionRequest& request);

/// WebVTT text for `cues`; `page_name(i)` gives the URL of page i relative to the .vtt file.
std::string render_webvtt(const std::vector<SpriteCue>& cues,
                          const std::function<std::string(int page)>& page_name);

}  // namespace tg::engine
