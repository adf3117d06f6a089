#include "engine/byte_source_io.hpp"

#include <cstdio>

#include "engine/engine_error.hpp"

extern "C" {
#include <libavutil/mem.h>
}

namespace tg::engine {

EngineResult<std::unique_ptr<ByteSourceIo>> ByteSourceIo::create(std::unique_ptr<ByteSource> source,
                                                                 AVIOInterruptCB interrupt) {
  if (!source) return fail(Errc::kInternal, "no byte source");
  std::unique_ptr<ByteSourceIo> io(new ByteSourceIo(std::move(source), interrupt));
  // The buffer must come from av_malloc: libav may free it and put a larger one in its place (probing
  // asks for seek-back room), so it is owned by the context from here on, and freed through ctx_->buffer.
  auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferSize));
  if (!buffer) return fail(Errc::kInternal, "out of memory");
  io->ctx_ = avio_alloc_context(buffer, kIoBufferSize, 0, io.get(), &ByteSourceIo::read_packet, nullptr,
                                &ByteSourceIo::seek);
  if (!io->ctx_) {
    av_free(buffer);  // not handed over when the context could not be made
    return fail(Errc::kInternal, "out of memory");
  }
  return io;
}

ByteSourceIo::~ByteSourceIo() {
  if (ctx_) {
    // avio_context_free frees the context only; the buffer is whichever one it holds now.
    av_freep(&ctx_->buffer);
    avio_context_free(&ctx_);
  }
}

std::optional<Error> ByteSourceIo::take_failure() {
  std::optional<Error> out = std::move(failure_);
  failure_.reset();
  return out;
}

int ByteSourceIo::read_packet(void* opaque, uint8_t* buffer, int size) {
  auto* self = static_cast<ByteSourceIo*>(opaque);
  // A custom context has no interrupt check of its own; a stalled source is stopped here.
  if (self->interrupt_.callback && self->interrupt_.callback(self->interrupt_.opaque)) return AVERROR_EXIT;
  if (size <= 0) return 0;
  auto n = self->source_->read(buffer, static_cast<std::size_t>(size));
  if (!n) {
    self->failure_ = std::move(n.error());
    // Not EOF or EIO: the demuxer and the engine would take those for a truncated input and carry on.
    // AVERROR_EXIT makes them stop, and the engine reports the source's error instead.
    return AVERROR_EXIT;
  }
  if (*n == 0) return AVERROR_EOF;
  self->position_ += static_cast<int64_t>(*n);
  return static_cast<int>(*n);
}

int64_t ByteSourceIo::seek(void* opaque, int64_t offset, int whence) {
  auto* self = static_cast<ByteSourceIo*>(opaque);
  const int64_t size = self->source_->size();
  if (whence & AVSEEK_SIZE) return size >= 0 ? size : AVERROR(ENOSYS);
  whence &= ~AVSEEK_FORCE;
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
  if (auto r = self->source_->seek(target); !r) {
    self->failure_ = std::move(r.error());
    return AVERROR_EXIT;
  }
  self->position_ = target;
  return target;
}

}  // namespace tg::engine
