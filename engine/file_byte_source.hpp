#pragma once
// A local input as a ByteSource: one descriptor, opened once and checked with fstat, read with pread.
// Nothing re-resolves the path after the check, so a file swapped in afterwards is never read.

#include <cstdint>
#include <memory>
#include <string>

#include "engine/byte_source.hpp"

namespace tg::engine {

class FileByteSource final : public ByteSource {
 public:
  /// Opens `path` read-only, never following a symlink in its last component, and checks that it is a
  /// non-empty regular file: kNotFound, kForbidden (unreadable, or a symlink), kNotMedia (not a regular
  /// file, or empty). With a `root` (an absolute folder), `path` must lie beneath it and the open is
  /// confined to it (confined_open.hpp): a path that leaves it, even through a symlink or a folder
  /// swapped in after the path was checked, is kForbidden.
  [[nodiscard]] static EngineResult<std::unique_ptr<FileByteSource>> open(const std::string& path,
                                                                          const std::string& root = "");

  ~FileByteSource() override;
  FileByteSource(const FileByteSource&) = delete;
  FileByteSource& operator=(const FileByteSource&) = delete;

  EngineResult<std::size_t> read(uint8_t* buffer, std::size_t size) override;
  EngineResult<Ok> seek(int64_t offset) override;
  int64_t size() const override { return size_; }

 private:
  FileByteSource(int fd, int64_t size, std::string path) : fd_(fd), size_(size), path_(std::move(path)) {}

  int fd_ = -1;
  int64_t size_ = 0;
  int64_t position_ = 0;
  std::string path_;  // for error details only; never opened again
};

}  // namespace tg::engine
