// Which H.264 access units may be left out of the decoder: only non-reference slices, in either
// framing, never with a parameter set, never anything malformed.

#include <gtest/gtest.h>

#include <vector>

#include "engine/h264_nal.hpp"

namespace tg::engine {
namespace {

using Bytes = std::vector<uint8_t>;

// NAL header byte: nal_ref_idc in bits 5-6, type in bits 0-4; a few payload bytes after it.
Bytes nal(int ref_idc, int type) {
  return Bytes{static_cast<uint8_t>((ref_idc << 5) | type), 0x9a, 0x02, 0x44};
}

Bytes length_prefixed(const std::vector<Bytes>& nals, int length_size) {
  Bytes out;
  for (const Bytes& n : nals) {
    for (int i = length_size - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(n.size() >> (8 * i)));
    out.insert(out.end(), n.begin(), n.end());
  }
  return out;
}

Bytes annex_b(const std::vector<Bytes>& nals) {
  Bytes out;
  bool first = true;
  for (const Bytes& n : nals) {
    if (first) out.push_back(0);  // a 4-byte start code first, 3-byte ones after
    first = false;
    out.insert(out.end(), {0, 0, 1});
    out.insert(out.end(), n.begin(), n.end());
  }
  return out;
}

bool disposable(const Bytes& unit, int length_size) {
  return h264_unit_is_disposable(unit.data(), unit.size(), length_size);
}

TEST(H264Nal, NonReferenceSlicesAreDisposableInEveryFraming) {
  const std::vector<Bytes> b_frame = {nal(0, 9), nal(0, 6), nal(0, 1), nal(0, 1)};  // AUD, SEI, two slices
  for (int size : {1, 2, 4}) EXPECT_TRUE(disposable(length_prefixed(b_frame, size), size)) << size;
  EXPECT_TRUE(disposable(annex_b(b_frame), 0));
}

TEST(H264Nal, ReferenceSlicesAndIdrAreKept) {
  EXPECT_FALSE(disposable(length_prefixed({nal(2, 1)}, 4), 4));
  EXPECT_FALSE(disposable(length_prefixed({nal(3, 5)}, 4), 4));
  EXPECT_FALSE(disposable(annex_b({nal(0, 1), nal(1, 1)}), 0));  // one reference slice is enough
}

TEST(H264Nal, UnitsCarryingParameterSetsAreKept) {
  for (int type : {7, 8, 13, 15}) {
    EXPECT_FALSE(disposable(length_prefixed({nal(0, 1), nal(0, type)}, 4), 4)) << type;
    EXPECT_FALSE(disposable(annex_b({nal(0, type), nal(0, 1)}), 0)) << type;
  }
}

TEST(H264Nal, UnitsWithoutSlicesAreKept) {
  EXPECT_FALSE(disposable(length_prefixed({nal(0, 9), nal(0, 6)}, 4), 4));
  EXPECT_FALSE(disposable(annex_b({nal(0, 12)}), 0));
}

TEST(H264Nal, MalformedUnitsAreKept) {
  Bytes unit = length_prefixed({nal(0, 1)}, 4);
  Bytes overlong = unit;
  overlong[3] = 200;  // says 200 bytes follow
  EXPECT_FALSE(disposable(overlong, 4));
  Bytes zero_length = {0, 0, 0, 0, 0x01, 0x9a};
  EXPECT_FALSE(disposable(zero_length, 4));
  Bytes truncated_prefix = {0, 0};
  EXPECT_FALSE(disposable(truncated_prefix, 4));
  EXPECT_FALSE(disposable(unit, 3));  // no such framing
  EXPECT_FALSE(disposable(Bytes{0x01, 0x9a, 0x02}, 0));  // Annex B without a start code
  Bytes forbidden = length_prefixed({Bytes{0x81, 0x00}}, 4);  // forbidden_zero_bit set
  EXPECT_FALSE(disposable(forbidden, 4));
  EXPECT_FALSE(h264_unit_is_disposable(nullptr, 0, 4));
}

TEST(H264Nal, FramingComesFromTheExtradata) {
  const Bytes avcc4 = {1, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00};
  const Bytes avcc2 = {1, 0x64, 0x00, 0x1f, 0xfd, 0xe1, 0x00};
  const Bytes avcc3 = {1, 0x64, 0x00, 0x1f, 0xfe, 0xe1, 0x00};
  const Bytes annex = {0, 0, 0, 1, 0x67, 0x64};
  const Bytes junk = {7, 7, 7, 7, 7, 7, 7};
  EXPECT_EQ(h264_nal_length_size(avcc4.data(), avcc4.size()), 4);
  EXPECT_EQ(h264_nal_length_size(avcc2.data(), avcc2.size()), 2);
  EXPECT_EQ(h264_nal_length_size(avcc3.data(), avcc3.size()), -1);
  EXPECT_EQ(h264_nal_length_size(annex.data(), annex.size()), 0);
  EXPECT_EQ(h264_nal_length_size(nullptr, 0), 0);
  EXPECT_EQ(h264_nal_length_size(junk.data(), junk.size()), -1);
}

}  // namespace
}  // namespace tg::engine
