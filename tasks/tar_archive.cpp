#include "tasks/tar_archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "core/random_id.hpp"

namespace tg::tasks {
namespace {

struct EntryFree {
  void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};

FileError os_error(const std::string& what) { return FileError{errno, what + ": " + std::strerror(errno)}; }

}  // namespace

void TarArchiveWriter::ArchiveFree::operator()(struct archive* handle) const { archive_write_free(handle); }

TarArchiveWriter::TarArchiveWriter(std::string temp_path, std::string final_path, int fd,
                                   std::unique_ptr<struct archive, ArchiveFree> handle)
    : temp_path_(std::move(temp_path)), final_path_(std::move(final_path)), fd_(fd), handle_(std::move(handle)) {}

TarArchiveWriter::~TarArchiveWriter() {
  handle_.reset();  // archive_write_free closes the archive first
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_path_.c_str());
}

tg::Result<std::unique_ptr<TarArchiveWriter>, FileError> TarArchiveWriter::create(const std::string& dir,
                                                                                  const std::string& name) {
  const std::string final_path = (std::filesystem::path(dir) / name).string();
  const std::string temp_path = (std::filesystem::path(dir) / ("." + name + "." + random_hex(6) + ".tmp")).string();
  const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return tg::unexpected(os_error("cannot create " + temp_path));
  std::unique_ptr<struct archive, ArchiveFree> handle(archive_write_new());
  std::unique_ptr<TarArchiveWriter> writer(new TarArchiveWriter(temp_path, final_path, fd, nullptr));
  if (!handle) return tg::unexpected(FileError{ENOMEM, "cannot start a tar archive"});
  writer->handle_ = std::move(handle);
  if (archive_write_set_format_pax_restricted(writer->handle_.get()) != ARCHIVE_OK ||
      archive_write_add_filter_none(writer->handle_.get()) != ARCHIVE_OK ||
      archive_write_open_fd(writer->handle_.get(), fd) != ARCHIVE_OK) {
    return tg::unexpected(writer->archive_error("cannot start " + temp_path));
  }
  return writer;
}

FileError TarArchiveWriter::archive_error(const std::string& what) const {
  const int code = handle_ ? archive_errno(handle_.get()) : 0;
  const char* text = handle_ ? archive_error_string(handle_.get()) : nullptr;
  return FileError{code > 0 ? code : EIO, what + ": " + (text != nullptr ? text : "libarchive failed")};
}

tg::Result<Ok, FileError> TarArchiveWriter::add(const std::string& entry_name, std::string_view data) {
  std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
  if (!entry) return tg::unexpected(FileError{ENOMEM, "cannot make a tar entry"});
  archive_entry_set_pathname(entry.get(), entry_name.c_str());
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(data.size()));
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), 0644);
  archive_entry_set_mtime(entry.get(), std::time(nullptr), 0);
  if (archive_write_header(handle_.get(), entry.get()) != ARCHIVE_OK) {
    return tg::unexpected(archive_error("cannot add " + entry_name + " to " + temp_path_));
  }
  if (archive_write_data(handle_.get(), data.data(), data.size()) != static_cast<la_ssize_t>(data.size())) {
    return tg::unexpected(archive_error("cannot write " + entry_name + " into " + temp_path_));
  }
  ++entries_;
  return Ok{};
}

tg::Result<Ok, FileError> TarArchiveWriter::commit() {
  if (archive_write_close(handle_.get()) != ARCHIVE_OK) return tg::unexpected(archive_error("cannot finish " + temp_path_));
  if (::fsync(fd_) != 0) return tg::unexpected(os_error("cannot flush " + temp_path_));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return tg::unexpected(os_error("cannot close " + temp_path_));
  if (::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    return tg::unexpected(os_error("cannot rename " + temp_path_ + " to " + final_path_));
  }
  committed_ = true;
  return Ok{};
}

}  // namespace tg::tasks
