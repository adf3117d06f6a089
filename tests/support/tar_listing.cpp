#include "support/tar_listing.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace tg::testing {
namespace {

struct ReadFree {
  void operator()(archive* handle) const { archive_read_free(handle); }
};

}  // namespace

std::vector<TarEntry> read_tar(const std::string& path, std::string* error) {
  std::unique_ptr<archive, ReadFree> handle(archive_read_new());
  archive_read_support_format_tar(handle.get());
  std::vector<TarEntry> entries;
  auto fail = [&](const char* what) {
    if (error) *error = std::string(what) + ": " + (archive_error_string(handle.get()) ? archive_error_string(handle.get()) : "?");
    return std::vector<TarEntry>{};
  };
  if (archive_read_open_filename(handle.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) return fail("open");
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(handle.get(), &entry)) == ARCHIVE_OK) {
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    TarEntry item;
    item.name = archive_entry_pathname(entry);
    char buffer[65536];
    la_ssize_t got = 0;
    while ((got = archive_read_data(handle.get(), buffer, sizeof buffer)) > 0) item.data.append(buffer, static_cast<std::size_t>(got));
    if (got < 0) return fail("read data");
    entries.push_back(std::move(item));
  }
  if (status != ARCHIVE_EOF) return fail("read header");
  return entries;
}

}  // namespace tg::testing
