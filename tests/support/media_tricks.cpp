#include "support/media_tricks.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "support/clips.hpp"

namespace tg::testing {
namespace fs = std::filesystem;

namespace {

// A 1x1 PNG.
constexpr unsigned char kPng[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00,
    0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xc9,
    0xfe, 0x92, 0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

std::string hls(const std::string& segment) {
  return "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:6.0,\n" + segment +
         "\n#EXT-X-ENDLIST\n";
}

void write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  EXPECT_TRUE(out.good()) << path;
}

}  // namespace

void write_outside_secrets(const std::string& outside_dir) {
  fs::create_directories(outside_dir);
  const std::string ts = clip_path(ClipKind::kStartOffset);
  const std::string mp4 = clip_path(ClipKind::kH264Short);
  ASSERT_FALSE(ts.empty());
  ASSERT_FALSE(mp4.empty());
  fs::copy_file(ts, outside_dir + "/secret.ts", fs::copy_options::overwrite_existing);
  fs::copy_file(mp4, outside_dir + "/secret.mp4", fs::copy_options::overwrite_existing);
}

std::vector<MediaTrick> write_media_tricks(const std::string& dir, const std::string& outside_dir,
                                           const std::string& remote_url) {
  const std::string ts = fs::absolute(outside_dir + "/secret.ts").lexically_normal().string();
  const std::string mp4 = fs::absolute(outside_dir + "/secret.mp4").lexically_normal().string();
  const std::string relative_ts = fs::path(ts).lexically_relative(fs::absolute(dir).lexically_normal()).string();
  std::vector<std::pair<MediaTrick, std::string>> tricks = {
      {{"hls-file-url.m3u8", "HLS playlist naming a file:// URL"}, hls("file://" + ts)},
      {{"hls-absolute.m3u8", "HLS playlist naming an absolute path"}, hls(ts)},
      {{"hls-relative.m3u8", "HLS playlist naming ../ outside the root"}, hls(relative_ts)},
      {{"hls-http.m3u8", "HLS playlist naming an internal http address"}, hls(remote_url)},
      {{"hls-key.m3u8", "HLS playlist whose key URI is a file"},
       "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-KEY:METHOD=AES-128,URI=\"file://" + ts +
           "\"\n#EXTINF:6.0,\n" + relative_ts + "\n#EXT-X-ENDLIST\n"},
      {{"playlist.mp4", "HLS playlist named .mp4"}, hls(relative_ts)},
      {{"concat.mp4", "ffconcat list"}, "ffconcat version 1.0\nfile '" + mp4 + "'\nfile '" + ts + "'\n"},
      {{"shot-%03d.png", "image sequence pattern"}, std::string(reinterpret_cast<const char*>(kPng), sizeof kPng)},
      {{"photo.mp4", "a still image named .mp4"}, std::string(reinterpret_cast<const char*>(kPng), sizeof kPng)},
      {{"stream.sdp", "SDP session"},
       "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=video 5004 RTP/AVP 96\n"
       "a=rtpmap:96 H264/90000\n"},
      {{"manifest.mpd", "DASH manifest"},
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" "
       "profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\" type=\"static\" "
       "mediaPresentationDuration=\"PT6S\" minBufferTime=\"PT1S\">\n<Period>\n<AdaptationSet mimeType=\"video/mp4\">"
       "\n<Representation id=\"1\" bandwidth=\"100000\" width=\"320\" height=\"240\" codecs=\"avc1.64000d\">\n"
       "<BaseURL>file://" + mp4 + "</BaseURL>\n</Representation>\n</AdaptationSet>\n</Period>\n</MPD>\n"},
      {{"raw.y4m", "raw YUV4MPEG stream"},
       "YUV4MPEG2 W16 H16 F25:1 Ip A1:1 C420jpeg\nFRAME\n" + std::string(16 * 16 * 3 / 2, '\x40')},
  };
  // The image sequence's first frame, which the pattern would name.
  write(dir + "/shot-001.png", std::string(reinterpret_cast<const char*>(kPng), sizeof kPng));
  std::vector<MediaTrick> out;
  for (const auto& [trick, bytes] : tricks) {
    write(dir + "/" + trick.name, bytes);
    out.push_back(trick);
  }
  return out;
}

OpenWatch::OpenWatch(const std::string& dir) : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  EXPECT_GE(fd_, 0);
  EXPECT_GE(::inotify_add_watch(fd_, dir.c_str(), IN_OPEN | IN_ACCESS), 0) << dir;
}

OpenWatch::~OpenWatch() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<std::string> OpenWatch::opened() {
  std::vector<std::string> names;
  alignas(inotify_event) char buffer[8192];
  for (;;) {
    ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      if (event->len > 0) names.emplace_back(event->name);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
  }
  return names;
}

}  // namespace tg::testing
