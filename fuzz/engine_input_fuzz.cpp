// The engine's input opener on in-memory media: the bytes are handed over as a memory file and probed and
// snapshotted through the public engine calls (probe, snapshot) with a short deadline and a tiny output.
// Whatever the bytes, the answer is a frame or an Error naming what was wrong, within the deadline.
// libav itself is not instrumented: coverage feedback comes from thumbgate's engine code, and a memory
// error inside libav still stops the run.

#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/engine.hpp"
#include "support/fuzz_check.hpp"

namespace engine = tg::engine;

namespace {

// A memory file holding `data`, closed on destruction; the engine opens it by its /proc path.
class MemoryFile {
 public:
  MemoryFile(const uint8_t* data, size_t size) : fd_(memfd_create("thumbgate-fuzz-input", MFD_CLOEXEC)) {
    FUZZ_CHECK(fd_ >= 0);
    size_t done = 0;
    while (done < size) {
      ssize_t n = ::write(fd_, data + done, size - done);
      FUZZ_CHECK(n > 0);
      done += static_cast<size_t>(n);
    }
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

void check_error(const engine::Error& error) {
  FUZZ_CHECK(!error.message.empty());
  // Damaged media is the input's fault, never an internal error of the engine.
  FUZZ_CHECK(error.code != engine::Errc::kInternal);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  MemoryFile file(data, size);
  engine::Source source;
  source.uri = file.path();
  source.deadline = std::chrono::milliseconds(2000);
  source.decoder_threads = 1;

  auto info = engine::probe(source);
  if (!info) {
    check_error(info.error());
    return 0;
  }
  FUZZ_CHECK(info->display_width >= 0 && info->display_height >= 0);

  engine::SnapshotRequest request;
  request.mode = size % 2 == 0 ? engine::SeekMode::kExact : engine::SeekMode::kKeyframe;
  request.times = {{0, false}, {50, true}};
  request.image.width = 32;
  request.image.format = engine::ImageFormat::kPng;
  auto images = engine::snapshot(source, request);
  if (!images) {
    check_error(images.error());
    return 0;
  }
  FUZZ_CHECK(images->size() == request.times.size());
  for (const engine::Image& image : *images) {
    FUZZ_CHECK(image.width == 32 && image.height >= 1);
    FUZZ_CHECK(!image.data.empty());
  }
  return 0;
}
