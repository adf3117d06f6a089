// The engine's input opener on in-memory media: the bytes are written to a regular file of a private
// temporary folder (the engine opens local inputs as regular files only, never through a symlink such as
// /proc/self/fd/N) and probed and snapshotted through the public engine calls (probe, snapshot) with a
// short deadline and a tiny output.
// Whatever the bytes, the answer is a frame or an Error naming what was wrong, within the deadline.
// libav itself is not instrumented: coverage feedback comes from thumbgate's engine code, and a memory
// error inside libav still stops the run.

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/engine.hpp"
#include "support/fuzz_check.hpp"

namespace engine = tg::engine;

namespace {

// The input file, rewritten with each input; its folder lives as long as the process.
class InputFile {
 public:
  InputFile() {
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/thumbgate-fuzz-XXXXXX";
    FUZZ_CHECK(::mkdtemp(dir.data()) != nullptr);
    path_ = dir + "/input";
  }
  ~InputFile() {
    ::unlink(path_.c_str());
    ::rmdir(path_.substr(0, path_.rfind('/')).c_str());
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::string& write(const uint8_t* data, size_t size) {
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FUZZ_CHECK(fd >= 0);
    size_t done = 0;
    while (done < size) {
      ssize_t n = ::write(fd, data + done, size - done);
      FUZZ_CHECK(n > 0);
      done += static_cast<size_t>(n);
    }
    ::close(fd);
    return path_;
  }

 private:
  std::string path_;
};

void check_error(const engine::Error& error) {
  FUZZ_CHECK(!error.message.empty());
  // Damaged media is the input's fault, never an internal error of the engine.
  FUZZ_CHECK(error.code != engine::Errc::kInternal);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static InputFile file;
  engine::Source source;
  source.uri = file.write(data, size);
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
