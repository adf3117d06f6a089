#include "engine/avio_reader.hpp"

#include <cstdio>

#include "engine/engine_error.hpp"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

namespace tg::engine {

EngineResult<std::unique_ptr<AvioReader>> AvioReader::create(ByteSource& source, int buffer_size) {
  std::unique_ptr<AvioReader> reader(new AvioReader(source));
  auto* buffer = static_cast<unsigned char*>(av_malloc(static_cast<size_t>(buffer_size)));
  if (!buffer) return fail(Errc::kInternal, "out of memory");
  reader->context_ = avio_alloc_context(buffer, buffer_size, 0, reader.get(), &AvioReader::read_packet, nullptr,
                                        &AvioReader::seek);
  if (!reader->context_) {
    av_free(buffer);
    return fail(Errc::kInternal, "out of memory");
  }
  return reader;
}

AvioReader::~AvioReader() {
  if (!context_) return;
  // The context may have swapped its buffer for a bigger one: free whichever it holds now.
  av_freep(&context_->buffer);
  avio_context_free(&context_);
}

int AvioReader::read_packet(void* opaque, uint8_t* buffer, int size) {
  auto* self = static_cast<AvioReader*>(opaque);
  auto got = self->source_.read(buffer, static_cast<std::size_t>(size));
  if (!got) {
    self->error_ = std::move(got.error());
    // Not EOF or EIO: the demuxer and the engine would take those for a truncated input and carry on.
    // AVERROR_EXIT makes them stop, and the engine reports error() instead.
    return AVERROR_EXIT;
  }
  if (*got == 0) return AVERROR_EOF;
  self->position_ += static_cast<int64_t>(*got);
  return static_cast<int>(*got);
}

int64_t AvioReader::seek(void* opaque, int64_t offset, int whence) {
  auto* self = static_cast<AvioReader*>(opaque);
  const int64_t size = self->source_.size();
  whence &= ~AVSEEK_FORCE;
  if (whence == AVSEEK_SIZE) return size >= 0 ? size : AVERROR(ENOSYS);
  int64_t target = offset;
  if (whence == SEEK_CUR) {
    target = self->position_ + offset;
  } else if (whence == SEEK_END) {
    if (size < 0) return AVERROR(ENOSYS);
    target = size + offset;
  } else if (whence != SEEK_SET) {
    return AVERROR(EINVAL);
  }
  if (target < 0) return AVERROR(EINVAL);
  if (auto moved = self->source_.seek(target); !moved) {
    self->error_ = std::move(moved.error());
    return AVERROR_EXIT;
  }
  self->position_ = target;
  return target;
}

}  // namespace tg::engine
