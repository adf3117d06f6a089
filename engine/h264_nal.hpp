#pragma once
// Reading just enough of an H.264 access unit to know whether a decoder may go without it.

#include <cstddef>
#include <cstdint>

namespace tg::engine {

/// True when the H.264 access unit in `data` holds only non-reference pictures (every slice NAL has
/// nal_ref_idc 0) and no parameter sets: nothing decoded later depends on it, so it can be left out
/// of the decoder altogether. `nal_length_size` is 1, 2 or 4 for length-prefixed (MP4/MKV) units, 0
/// for Annex B start codes (MPEG-TS, raw .h264). False for anything malformed or unrecognised.
bool h264_unit_is_disposable(const uint8_t* data, size_t size, int nal_length_size);

/// How the stream with this extradata frames its NAL units: the NAL length size of an avcC record
/// (MP4/MKV: 1, 2 or 4), 0 for Annex B start codes (no extradata, or extradata that is itself in
/// Annex B form), -1 when it cannot tell.
int h264_nal_length_size(const uint8_t* extradata, size_t size);

}  // namespace tg::engine
