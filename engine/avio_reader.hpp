#pragma once
// An AVIOContext that reads a ByteSource, so a demuxer reads through bytes the engine opened itself
// instead of opening a URL or a path through libav's protocols.

#include <cstdint>
#include <memory>
#include <optional>

#include "engine/byte_source.hpp"
#include "engine/engine.hpp"

extern "C" {
#include <libavformat/avio.h>
}

namespace tg::engine {

class AvioReader {
 public:
  /// An AVIOContext over `source` (which must outlive the reader) with a buffer of `buffer_size` bytes.
  [[nodiscard]] static EngineResult<std::unique_ptr<AvioReader>> create(ByteSource& source,
                                                                       int buffer_size = 64 * 1024);
  ~AvioReader();
  AvioReader(const AvioReader&) = delete;
  AvioReader& operator=(const AvioReader&) = delete;

  /// The context to put in AVFormatContext::pb before avformat_open_input (which then leaves it to us).
  AVIOContext* context() const { return context_; }

  /// The source's error from the last failed read or seek, kept until clear_error().
  const std::optional<Error>& error() const { return error_; }
  /// Forgets the recorded error (a new call on the same input starts clean).
  void clear_error() { error_.reset(); }

 private:
  explicit AvioReader(ByteSource& source) : source_(source) {}
  static int read_packet(void* opaque, uint8_t* buffer, int size);
  static int64_t seek(void* opaque, int64_t offset, int whence);

  ByteSource& source_;
  AVIOContext* context_ = nullptr;
  int64_t position_ = 0;  // where the source's next read starts
  std::optional<Error> error_;
};

}  // namespace tg::engine
