// Local inputs are opened once (no symlink in the last component, no FIFO, no device) and read by the
// demuxer through an AVIOContext over the opened descriptor.

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/byte_source_io.hpp"
#include "engine/engine_error.hpp"
#include "engine/file_byte_source.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

namespace fs = std::filesystem;

std::string bytes_of(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>((i * 7 + i / 251) & 0xFF));
  return s;
}

class ByteSourceIoTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = tg::testing::fresh_test_dir("byte-source-io"); }

  std::string write(const std::string& name, const std::string& bytes) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    return path;
  }

  std::string dir_;
};

// A ByteSource whose reads fail, and which counts them.
class FailingSource final : public ByteSource {
 public:
  EngineResult<std::size_t> read(uint8_t*, std::size_t) override {
    ++reads;
    return fail_with_detail(Errc::kNotFound, "the origin answered 404");
  }
  EngineResult<Ok> seek(int64_t) override { return Ok{}; }
  int64_t size() const override { return -1; }
  int reads = 0;
};

TEST_F(ByteSourceIoTest, ReadsSeeksAndSizesThroughAvio) {
  const std::string content = bytes_of(300 * 1024);  // several buffers
  auto file = FileByteSource::open(write("data.bin", content));
  ASSERT_TRUE(file) << file.error().detail;
  EXPECT_EQ((*file)->size(), static_cast<int64_t>(content.size()));
  auto io = ByteSourceIo::create(std::move(*file), {});
  ASSERT_TRUE(io);
  AVIOContext* pb = (*io)->context();
  EXPECT_EQ(avio_size(pb), static_cast<int64_t>(content.size()));

  std::string all(content.size(), '\0');
  EXPECT_EQ(avio_read(pb, reinterpret_cast<unsigned char*>(all.data()), static_cast<int>(all.size())),
            static_cast<int>(content.size()));
  EXPECT_EQ(all, content);
  unsigned char past[4];
  EXPECT_EQ(avio_read(pb, past, 4), AVERROR_EOF);

  for (int64_t at : {int64_t{5}, int64_t{200 * 1024 + 3}, int64_t{70 * 1024}, int64_t{0}}) {
    ASSERT_EQ(avio_seek(pb, at, SEEK_SET), at);
    unsigned char got[16];
    ASSERT_EQ(avio_read(pb, got, 16), 16);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(got), 16), content.substr(static_cast<size_t>(at), 16)) << at;
  }
  ASSERT_EQ(avio_seek(pb, 10, SEEK_CUR), 26);
  EXPECT_EQ(avio_r8(pb), static_cast<unsigned char>(content[26]));
}

TEST_F(ByteSourceIoTest, TheSourcesOwnErrorIsKeptAndTheInterruptStopsReads) {
  auto failing = std::make_unique<FailingSource>();
  FailingSource* raw = failing.get();
  auto io = ByteSourceIo::create(std::move(failing), {});
  ASSERT_TRUE(io);
  unsigned char buf[8];
  EXPECT_LT(avio_read((*io)->context(), buf, 8), 0);
  auto failure = (*io)->take_failure();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->code, Errc::kNotFound);
  EXPECT_FALSE((*io)->take_failure());
  EXPECT_EQ(avio_size((*io)->context()), AVERROR(ENOSYS));

  auto stopping = std::make_unique<FailingSource>();
  FailingSource* stopped = stopping.get();
  int asked = 0;
  AVIOInterruptCB stop{[](void* opaque) { return ++*static_cast<int*>(opaque) > 0 ? 1 : 0; }, &asked};
  auto io2 = ByteSourceIo::create(std::move(stopping), stop);
  ASSERT_TRUE(io2);
  EXPECT_EQ(avio_read((*io2)->context(), buf, 8), AVERROR_EXIT);
  EXPECT_GT(asked, 0);
  EXPECT_EQ(stopped->reads, 0);
  EXPECT_GT(raw->reads, 0);
}

TEST_F(ByteSourceIoTest, OnlyNonEmptyRegularFilesAreOpened) {
  auto missing = FileByteSource::open(dir_ + "/missing.mp4");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
  auto under_file = FileByteSource::open(write("plain", "x") + "/below.mp4");
  ASSERT_FALSE(under_file);
  EXPECT_EQ(under_file.error().code, Errc::kNotFound);

  auto empty = FileByteSource::open(write("empty.mp4", ""));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, Errc::kNotMedia);
  auto folder = FileByteSource::open(dir_);
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().code, Errc::kNotMedia);
  auto device = FileByteSource::open("/dev/zero");
  ASSERT_FALSE(device);
  EXPECT_EQ(device.error().code, Errc::kNotMedia);

  // A FIFO with no writer would block a plain open for ever.
  const std::string fifo = dir_ + "/fifo.mp4";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto started = std::chrono::steady_clock::now();
  auto piped = FileByteSource::open(fifo);
  ASSERT_FALSE(piped);
  EXPECT_EQ(piped.error().code, Errc::kNotMedia);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(ByteSourceIoTest, ASymlinkInTheLastComponentIsRefused) {
  const std::string target = write("real.mp4", bytes_of(1000));
  fs::create_symlink(target, dir_ + "/link.mp4");
  auto linked = FileByteSource::open(dir_ + "/link.mp4");
  ASSERT_FALSE(linked);
  EXPECT_EQ(linked.error().code, Errc::kForbidden);
  EXPECT_NE(linked.error().detail.find(dir_ + "/link.mp4"), std::string::npos);

  // The engine refuses it too, where it used to follow the link.
  const std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  fs::create_symlink(clip, dir_ + "/clip-link.mp4");
  SnapshotRequest request;
  request.times = {TimePoint{1.0, false}};
  auto through_link = snapshot(Source{dir_ + "/clip-link.mp4"}, request);
  ASSERT_FALSE(through_link);
  EXPECT_EQ(through_link.error().code, Errc::kForbidden);
  ASSERT_TRUE(snapshot(Source{clip}, request));
}

}  // namespace
}  // namespace tg::engine
