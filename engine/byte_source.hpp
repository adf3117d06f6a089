#pragma once
// Where an input's bytes come from. The demuxer reads through this seam (wrapped in an AVIOContext)
// instead of opening URLs itself, so no demuxer can reach a file or address the gateway did not open:
// a local file is an already-opened descriptor, a remote one a connection whose every address passed
// the outbound policy.

#include <cstddef>
#include <cstdint>

#include "core/result.hpp"
#include "engine/engine.hpp"

namespace tg::engine {

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  /// Reads up to `size` bytes at the current position into `buffer`; 0 at the end of the input.
  virtual EngineResult<std::size_t> read(uint8_t* buffer, std::size_t size) = 0;
  /// Moves the position to `offset` bytes from the start.
  virtual EngineResult<Ok> seek(int64_t offset) = 0;
  /// The total size in bytes, or -1 when it is not known.
  virtual int64_t size() const = 0;
};

}  // namespace tg::engine
