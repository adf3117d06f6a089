// ByteSourceIo under a demuxer: any ByteSource is read through it (reads, seeks, the size), and a source's
// failure stops the demuxer with the source's own error kept for the engine to report.

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/av_handles.hpp"
#include "engine/byte_source_io.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;

// The bytes of a string; reads fail with `failure` once the position reaches `fail_at`.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string bytes, int64_t fail_at = -1) : bytes_(std::move(bytes)), fail_at_(fail_at) {}
  EngineResult<std::size_t> read(uint8_t* buffer, std::size_t size) override {
    if (fail_at_ >= 0 && position_ + static_cast<int64_t>(size) > fail_at_) {
      return tg::unexpected(Error{Errc::kIo, "the disk went away"});
    }
    if (position_ >= static_cast<int64_t>(bytes_.size())) return std::size_t{0};
    std::size_t n = std::min(size, bytes_.size() - static_cast<std::size_t>(position_));
    std::memcpy(buffer, bytes_.data() + position_, n);
    position_ += static_cast<int64_t>(n);
    ++reads;
    return n;
  }
  EngineResult<Ok> seek(int64_t offset) override {
    position_ = offset;
    ++seeks;
    return Ok{};
  }
  int64_t size() const override { return static_cast<int64_t>(bytes_.size()); }
  int reads = 0;
  int seeks = 0;

 private:
  std::string bytes_;
  int64_t fail_at_;
  int64_t position_ = 0;
};

std::string clip_bytes() {
  std::ifstream in(clip_path(ClipKind::kH264LongGop), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Opens a demuxer on `reader`; the format context is closed before the reader goes.
int open_and_read_all(ByteSourceIo& reader, int& packets) {
  AVFormatContext* raw = avformat_alloc_context();
  raw->pb = reader.context();
  int rc = avformat_open_input(&raw, "", nullptr, nullptr);
  if (rc < 0) return rc;
  FormatContextPtr format(raw);
  EXPECT_NE(format->flags & AVFMT_FLAG_CUSTOM_IO, 0);
  PacketPtr packet(av_packet_alloc());
  packets = 0;
  while ((rc = av_read_frame(format.get(), packet.get())) >= 0) {
    ++packets;
    av_packet_unref(packet.get());
  }
  return rc;
}

TEST(ByteSourceIoDemux, SeeksAndReadsGiveTheSourcesBytes) {
  const std::string bytes = clip_bytes();
  auto owned = std::make_unique<MemorySource>(bytes);
  MemorySource& source = *owned;
  auto reader = ByteSourceIo::create(std::move(owned), {});
  ASSERT_TRUE(reader.ok());
  AVIOContext* io = (*reader)->context();
  EXPECT_EQ(avio_size(io), source.size());
  const int64_t size = source.size();
  for (int64_t offset : {size / 2, int64_t{10}, size - 100, size / 3}) {
    ASSERT_EQ(avio_seek(io, offset, SEEK_SET), offset);
    std::string got(100, '\0');
    ASSERT_EQ(avio_read(io, reinterpret_cast<unsigned char*>(got.data()), 100), 100);
    EXPECT_EQ(got, bytes.substr(static_cast<std::size_t>(offset), 100)) << offset;
  }
  EXPECT_GE(source.seeks, 3);
  EXPECT_EQ(avio_seek(io, size, SEEK_SET), size);
  unsigned char one = 0;
  EXPECT_EQ(avio_read(io, &one, 1), AVERROR_EOF);
  EXPECT_FALSE((*reader)->failed());
}

TEST(ByteSourceIoDemux, ADemuxerReadsAByteSourceThroughIt) {
  auto reader = ByteSourceIo::create(std::make_unique<MemorySource>(clip_bytes()), {});
  ASSERT_TRUE(reader.ok());
  int packets = 0;
  EXPECT_EQ(open_and_read_all(**reader, packets), AVERROR_EOF);
  EXPECT_EQ(packets, 300);  // 12 s at 25 fps, video only
  EXPECT_FALSE((*reader)->failed());
}

TEST(ByteSourceIoDemux, ASourceFailureStopsTheDemuxerAndIsKept) {
  const std::string bytes = clip_bytes();
  auto reader =
      ByteSourceIo::create(std::make_unique<MemorySource>(bytes, static_cast<int64_t>(bytes.size() / 2)), {});
  ASSERT_TRUE(reader.ok());
  int packets = 0;
  int rc = open_and_read_all(**reader, packets);
  EXPECT_EQ(rc, AVERROR_EXIT);
  ASSERT_TRUE((*reader)->failed());
  auto failure = (*reader)->take_failure();
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->code, Errc::kIo);
  EXPECT_EQ(failure->message, "the disk went away");
  EXPECT_FALSE((*reader)->failed());
}

}  // namespace
}  // namespace tg::engine
