#pragma once
// An AVIOContext that reads a ByteSource. A demuxer given this context as its pb reads bytes and never
// gets a name it could open itself.

#include <memory>
#include <optional>

#include "engine/av_handles.hpp"
#include "engine/byte_source.hpp"

namespace tg::engine {

/// The AVIOContext buffer. Reads of a whole buffer or more go straight into the demuxer's packet, so
/// the size only sets how much is read ahead for small reads (headers, boxes, skipped chunks).
inline constexpr int kIoBufferSize = 64 * 1024;

class ByteSourceIo {
 public:
  /// Wraps `source`; `interrupt` (may be empty) is asked before each read and stops it when it says so.
  [[nodiscard]] static EngineResult<std::unique_ptr<ByteSourceIo>> create(std::unique_ptr<ByteSource> source,
                                                                          AVIOInterruptCB interrupt);
  ~ByteSourceIo();
  ByteSourceIo(const ByteSourceIo&) = delete;
  ByteSourceIo& operator=(const ByteSourceIo&) = delete;

  /// For AVFormatContext::pb. It must outlive the AVFormatContext: avformat_close_input leaves a
  /// caller's pb open (AVFMT_FLAG_CUSTOM_IO), so this object frees it.
  AVIOContext* context() const { return ctx_; }
  /// The ByteSource's error behind the last failed read or seek, cleared by the call.
  std::optional<Error> take_failure();
  /// True while a read or seek failure is kept (not yet taken).
  bool failed() const { return failure_.has_value(); }

 private:
  ByteSourceIo(std::unique_ptr<ByteSource> source, AVIOInterruptCB interrupt)
      : source_(std::move(source)), interrupt_(interrupt) {}

  static int read_packet(void* opaque, uint8_t* buffer, int size);
  static int64_t seek(void* opaque, int64_t offset, int whence);

  std::unique_ptr<ByteSource> source_;
  AVIOInterruptCB interrupt_{};
  AVIOContext* ctx_ = nullptr;
  int64_t position_ = 0;
  std::optional<Error> failure_;
};

}  // namespace tg::engine
