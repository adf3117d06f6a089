#pragma once
// One tar archive (POSIX ustar/pax) written entry by entry with libarchive into a temporary file beside
// its final name, and renamed into place by commit(): the archive appears whole or not at all. Dropped
// before commit(), it leaves nothing behind.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "tasks/atomic_file.hpp"

struct archive;

namespace tg::tasks {

class TarArchiveWriter {
 public:
  /// Starts `dir`/`name` (dir must exist; name a plain file name).
  static tg::Result<std::unique_ptr<TarArchiveWriter>, FileError> create(const std::string& dir,
                                                                         const std::string& name);
  ~TarArchiveWriter();
  TarArchiveWriter(const TarArchiveWriter&) = delete;
  TarArchiveWriter& operator=(const TarArchiveWriter&) = delete;

  /// Appends a regular file `entry_name` holding `data`.
  tg::Result<Ok, FileError> add(const std::string& entry_name, std::string_view data);

  /// Finishes the archive, flushes it to disk and renames it to its final name.
  tg::Result<Ok, FileError> commit();

  int entries() const { return entries_; }

 private:
  struct ArchiveFree {
    void operator()(struct archive* handle) const;
  };

  TarArchiveWriter(std::string temp_path, std::string final_path, int fd, std::unique_ptr<struct archive, ArchiveFree> handle);
  FileError archive_error(const std::string& what) const;

  std::string temp_path_;
  std::string final_path_;
  int fd_ = -1;
  std::unique_ptr<struct archive, ArchiveFree> handle_;
  int entries_ = 0;
  bool committed_ = false;
};

}  // namespace tg::tasks
