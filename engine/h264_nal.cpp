#include "engine/h264_nal.hpp"

namespace tg::engine {
namespace {

enum class NalVerdict { kNonReferenceSlice, kReferenceSlice, kParameterSet, kOther };

NalVerdict classify(uint8_t header) {
  if (header & 0x80) return NalVerdict::kParameterSet;  // forbidden_zero_bit: treat as untouchable
  const int type = header & 0x1f;
  const int ref_idc = (header >> 5) & 0x3;
  switch (type) {
    case 1:  // non-IDR slice
    case 2:  // slice data partitions A, B, C
    case 3:
    case 4:
    case 5:  // IDR slice
      return ref_idc == 0 ? NalVerdict::kNonReferenceSlice : NalVerdict::kReferenceSlice;
    case 7:   // SPS
    case 8:   // PPS
    case 13:  // SPS extension
    case 15:  // subset SPS
      return NalVerdict::kParameterSet;
    default:  // SEI, AUD, end of sequence/stream, filler, reserved
      return NalVerdict::kOther;
  }
}

// Folds one NAL's verdict in; false once the unit must be kept.
bool take(NalVerdict v, bool& any_slice) {
  if (v == NalVerdict::kReferenceSlice || v == NalVerdict::kParameterSet) return false;
  if (v == NalVerdict::kNonReferenceSlice) any_slice = true;
  return true;
}

bool length_prefixed_disposable(const uint8_t* data, size_t size, int length_size) {
  bool any_slice = false;
  size_t pos = 0;
  while (pos < size) {
    if (size - pos < static_cast<size_t>(length_size)) return false;
    size_t length = 0;
    for (int i = 0; i < length_size; ++i) length = (length << 8) | data[pos + static_cast<size_t>(i)];
    pos += static_cast<size_t>(length_size);
    if (length == 0 || length > size - pos) return false;
    if (!take(classify(data[pos]), any_slice)) return false;
    pos += length;
  }
  return any_slice;
}

bool annex_b_disposable(const uint8_t* data, size_t size) {
  bool any_slice = false;
  bool any_start_code = false;
  // Every NAL starts right after a 00 00 01 start code (a 4-byte code is the same with a 00 before).
  for (size_t i = 0; i + 3 < size; ++i) {
    if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
      any_start_code = true;
      if (!take(classify(data[i + 3]), any_slice)) return false;
      i += 2;
    }
  }
  return any_start_code && any_slice;
}

}  // namespace

bool h264_unit_is_disposable(const uint8_t* data, size_t size, int nal_length_size) {
  if (data == nullptr || size == 0) return false;
  if (nal_length_size == 0) return annex_b_disposable(data, size);
  if (nal_length_size != 1 && nal_length_size != 2 && nal_length_size != 4) return false;
  return length_prefixed_disposable(data, size, nal_length_size);
}

int h264_nal_length_size(const uint8_t* extradata, size_t size) {
  if (extradata == nullptr || size == 0) return 0;
  if (size >= 3 && extradata[0] == 0 && extradata[1] == 0 &&
      (extradata[2] == 1 || (size >= 4 && extradata[2] == 0 && extradata[3] == 1))) {
    return 0;
  }
  // avcC: configurationVersion 1, profile, compatibility, level, then 6 reserved bits and
  // lengthSizeMinusOne in the low two bits.
  if (size < 7 || extradata[0] != 1) return -1;
  const int length_size = (extradata[4] & 0x3) + 1;
  return length_size == 3 ? -1 : length_size;
}

}  // namespace tg::engine
