#pragma once
// Inputs that are not videos but would make a demuxer open other inputs by name (playlists, concat
// lists, image sequences, SDP, DASH manifests), or that no vendor takes as a video (raw streams, still
// images), for the tests that check each is refused as not media and that nothing it names is read.

#include <string>
#include <vector>

namespace tg::testing {

struct MediaTrick {
  std::string name;  // the file name written into the folder
  std::string what;  // a few words for test messages
};

/// Writes the tricks into `dir`. They name the files `outside_dir`/secret.ts and `outside_dir`/secret.mp4
/// (absolute, relative to `dir`, and as file:// URLs) and `remote_url` (an http URL); the secret files
/// are valid clips, so any trick followed would give an image instead of an error.
std::vector<MediaTrick> write_media_tricks(const std::string& dir, const std::string& outside_dir,
                                           const std::string& remote_url);

/// Copies valid clips to `outside_dir`/secret.ts and `outside_dir`/secret.mp4 (created).
void write_outside_secrets(const std::string& outside_dir);

/// Watches a folder with inotify: which of its files were opened, by any process, since construction.
class OpenWatch {
 public:
  explicit OpenWatch(const std::string& dir);
  ~OpenWatch();
  OpenWatch(const OpenWatch&) = delete;
  OpenWatch& operator=(const OpenWatch&) = delete;

  /// Names of the files opened or read since construction (or the previous call).
  std::vector<std::string> opened();

 private:
  int fd_ = -1;
};

}  // namespace tg::testing
