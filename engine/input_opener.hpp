#pragma once
// Opening an input (local file or http/https URL) with a deadline and a cancel flag, finding its video
// stream and opening a decoder for it. Every input is read through a ByteSource the engine opened itself;
// no demuxer is given a name it could open. An OpenedInput can serve several calls from one thread in turn
// (re-armed with each call's Source), which is what a cache of hot inputs needs.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>

#include "engine/av_handles.hpp"
#include "engine/byte_source_io.hpp"
#include "engine/http_byte_source.hpp"
#include "engine/engine.hpp"
#include "engine/pixel_limits.hpp"

namespace tg::engine {

/// What the interrupt callback looks at; owned by OpenedInput at a stable address.
struct InterruptState {
  std::chrono::steady_clock::time_point deadline{};
  const std::atomic<bool>* cancel = nullptr;
  bool timed_out = false;
  bool cancelled = false;

  /// True (and the reason recorded) when the work must stop now.
  bool should_stop();
};

class OpenedInput {
 public:
  /// Opens `source`, finds its video stream and opens a single-threaded decoder for it.
  [[nodiscard]] static EngineResult<std::unique_ptr<OpenedInput>> open(const Source& source);

  OpenedInput(const OpenedInput&) = delete;
  OpenedInput& operator=(const OpenedInput&) = delete;

  /// Starts a new call: a fresh deadline and cancel flag from `source`.
  void arm(const Source& source);
  /// kTimeout / kCancelled when the deadline passed or the flag was raised, the byte source's error
  /// when a read failed, else Ok.
  EngineResult<Ok> check();
  /// The Error for a failed libav call: the interrupt reason if there is one, else from the code; `what`
  /// goes into the detail.
  Error error_for(int averror, const std::string& what);

  AVFormatContext* format() const { return format_.get(); }
  AVStream* stream() const { return format_->streams[stream_index_]; }
  int stream_index() const { return stream_index_; }
  /// The decoder; null between close_decoder() and reopen_decoder().
  AVCodecContext* decoder() const { return decoder_.get(); }
  /// Frees the decoder and with it every frame buffer it pooled, keeping the opened demuxer.
  void close_decoder() { decoder_.reset(); }
  /// A decoder like the one open() made, after close_decoder().
  EngineResult<Ok> reopen_decoder() { return open_decoder(decoder_threads_); }
  /// Estimated bytes this input holds while its decoder is closed: I/O buffer, demuxer index, headers.
  std::size_t parked_bytes() const;
  /// Estimated bytes the open decoder holds in frames (references, reordering, its pool); 0 when closed.
  std::size_t decoder_bytes() const;
  const std::string& uri() const { return uri_; }
  /// The input's name for log details: the URI with any credentials redacted.
  const std::string& log_name() const { return log_name_; }

  /// The stream's first timestamp in its time base (0 when unknown).
  int64_t start_pts() const { return start_pts_; }
  /// Duration of the video stream in seconds (container duration when the stream has none).
  double duration_s() const { return duration_s_; }
  /// Seconds per unit of the stream's time base.
  double time_base_s() const { return av_q2d(stream()->time_base); }

 private:
  OpenedInput() = default;
  EngineResult<Ok> open_impl(const Source& source);
  EngineResult<Ok> pick_stream();
  // kTooLarge when the stream's declared frame size is above the source limits (pixel_limits.hpp).
  EngineResult<Ok> check_frame_size() const;
  EngineResult<Ok> open_decoder(int threads);
  void read_timing();
  // Opens an http(s) URL as the byte source the demuxer reads through.
  EngineResult<Ok> open_remote(const Source& source);

  std::string uri_;
  std::string log_name_;
  std::unique_ptr<InterruptState> interrupt_ = std::make_unique<InterruptState>();
  // The input's bytes, a local descriptor or a remote connection. Declared before format_ so that it is
  // destroyed after it: the demuxer reads through it until avformat_close_input.
  std::unique_ptr<ByteSourceIo> io_;
  HttpByteSource* http_ = nullptr;  // the source inside io_ when it is a URL's, re-armed with each call
  FormatContextPtr format_;
  CodecContextPtr decoder_;
  int stream_index_ = -1;
  int decoder_threads_ = 1;
  int64_t start_pts_ = 0;
  double duration_s_ = 0;
};

}  // namespace tg::engine
