// Bad inputs and requests come back as clear errors, never a crash or a hang.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "support/clips.hpp"
#include "support/tool_command.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;
using tg::testing::work_dir;

SnapshotRequest one_time(double t = 1.0) {
  SnapshotRequest r;
  r.times = {TimePoint{t, false}};
  return r;
}

Errc snapshot_error(const Source& source, const SnapshotRequest& r = one_time()) {
  auto result = snapshot(source, r);
  EXPECT_FALSE(result.ok()) << "expected an error for " << source.uri;
  return result.ok() ? Errc::kInternal : result.error().code;
}

std::string write_file(const std::string& name, const std::string& bytes) {
  std::string path = work_dir("engine-bad-input") + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

// A loopback TCP listener that never accepts or answers: connections hang after the handshake.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A loopback HTTP server that answers every request with 404.
class NotFoundServer {
 public:
  NotFoundServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      char buf[4096];
      ::recv(client, buf, sizeof buf, 0);
      const char reply[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      ::send(client, reply, sizeof reply - 1, 0);
      ::close(client);
    });
  }
  ~NotFoundServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(BadInput, MissingFileIsNotFound) {
  EXPECT_EQ(snapshot_error(Source{work_dir("engine-bad-input") + "/no-such-file.mp4"}), Errc::kNotFound);
  auto info = probe(Source{"/nonexistent/dir/clip.mp4"});
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().code, Errc::kNotFound);
}

TEST(BadInput, TextFileIsNotMedia) {
  std::string path = write_file("notes.mp4", "this is not a video file, only a few words of text\n");
  EXPECT_EQ(snapshot_error(Source{path}), Errc::kNotMedia);
}

TEST(BadInput, EmptyFileAndFolderAreNotMedia) {
  EXPECT_EQ(snapshot_error(Source{write_file("empty.mp4", "")}), Errc::kNotMedia);
  EXPECT_EQ(snapshot_error(Source{work_dir("engine-bad-input")}), Errc::kNotMedia);
}

TEST(BadInput, TruncatedFileIsCorruptOrNotMedia) {
  Errc code = snapshot_error(Source{clip_path(ClipKind::kTruncated)});
  EXPECT_TRUE(code == Errc::kCorrupt || code == Errc::kNotMedia) << errc_name(code);
}

TEST(BadInput, AudioOnlyHasNoVideo) {
  EXPECT_EQ(snapshot_error(Source{clip_path(ClipKind::kAudioOnly)}), Errc::kNoVideo);
  auto info = probe(Source{clip_path(ClipKind::kAudioOnly)});
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().code, Errc::kNoVideo);
}

TEST(BadInput, ProtocolsOutsideTheWhitelistAreForbidden) {
  for (const char* uri : {"ftp://127.0.0.1/clip.mp4", "rtmp://127.0.0.1/live", "concat:a.mp4|b.mp4",
                          "subfile:,,start,0,end,0,,:/etc/passwd", "pipe:0"}) {
    EXPECT_EQ(snapshot_error(Source{uri}), Errc::kForbidden) << uri;
  }
}

TEST(BadInput, BadTimesAndSizesAreInvalidArguments) {
  Source clip{clip_path(ClipKind::kH264Short)};
  EXPECT_EQ(snapshot_error(clip, one_time(-1)), Errc::kInvalidArgument);
  EXPECT_EQ(snapshot_error(clip, one_time(std::numeric_limits<double>::quiet_NaN())), Errc::kInvalidArgument);
  EXPECT_EQ(snapshot_error(clip, one_time(std::numeric_limits<double>::infinity())), Errc::kInvalidArgument);
  SnapshotRequest none;
  EXPECT_EQ(snapshot_error(clip, none), Errc::kInvalidArgument);
  SnapshotRequest big = one_time();
  big.image.width = 100000;
  EXPECT_EQ(snapshot_error(clip, big), Errc::kInvalidArgument);
  SnapshotRequest negative = one_time();
  negative.image.height = -5;
  EXPECT_EQ(snapshot_error(clip, negative), Errc::kInvalidArgument);
  SnapshotRequest quality = one_time();
  quality.image.quality = 0;
  EXPECT_EQ(snapshot_error(clip, quality), Errc::kInvalidArgument);
}

TEST(BadInput, RaisedCancelFlagStopsTheWork) {
  std::atomic<bool> cancel{true};
  Source source{clip_path(ClipKind::kH264LongGop)};
  source.cancel = &cancel;
  EXPECT_EQ(snapshot_error(source), Errc::kCancelled);

  // Raised while sampling: the next image is not made.
  cancel = false;
  SampleRequest r;
  r.interval = 1;
  int seen = 0;
  auto made = sample(source, r, [&](Image&&) {
    ++seen;
    cancel = true;
    return true;
  });
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, Errc::kCancelled);
  EXPECT_EQ(seen, 1);
}

const AddressPolicy& loopback_allowed() {
  static const AddressPolicy policy = *AddressPolicy::from_allow_list({"127.0.0.1"});
  return policy;
}

TEST(BadInput, StalledUrlTimesOutWithinTheDeadline) {
  SilentListener listener;
  Source source{"http://127.0.0.1:" + std::to_string(listener.port()) + "/clip.mp4"};
  source.policy = &loopback_allowed();
  source.deadline = std::chrono::milliseconds(400);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(snapshot_error(source), Errc::kTimeout);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_GE(took, std::chrono::milliseconds(350));
}

TEST(BadInput, HttpNotFound) {
  NotFoundServer server;
  Source source{"http://127.0.0.1:" + std::to_string(server.port()) + "/missing.mp4"};
  source.policy = &loopback_allowed();
  source.deadline = std::chrono::seconds(5);
  EXPECT_EQ(snapshot_error(source), Errc::kNotFound);
}

TEST(BadInput, AbsurdFrameSizeIsTooLarge) {
  // An MJPEG AVI whose frames are wider than any side the engine takes (a few KB of one gray frame).
  const std::string wide = work_dir("engine-bad-input") + "/wide.avi";
  auto made = tg::testing::run_tool({"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                                     "-i", "color=c=gray:s=20000x16:d=0.04:r=25", "-c:v", "mjpeg", "-pix_fmt",
                                     "yuvj420p", wide});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_EQ(snapshot_error(Source{wide}), Errc::kTooLarge);
  auto info = probe(Source{wide});
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().code, Errc::kTooLarge);
}

TEST(BadInput, ErrorNamesAreStable) {
  EXPECT_STREQ(errc_name(Errc::kNotFound), "not_found");
  EXPECT_STREQ(errc_name(Errc::kTimeout), "timeout");
}

}  // namespace
}  // namespace tg::engine
