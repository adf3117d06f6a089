#pragma once
// GetSnapshot query parameters (ci-process=snapshot&time=…&width=…&height=…&format=…&rotate=…&mode=…),
// parsed strictly: plain decimal numbers only, sizes within bounds, enumerations spelled exactly.

#include <string>

#include "adapters/tencent_ci/cos_error.hpp"
#include "core/api_message.hpp"
#include "core/result.hpp"
#include "engine/engine.hpp"

namespace tg::adapters::tencent_ci {

/// Largest accepted width or height of a snapshot.
inline constexpr int kMaxSnapshotSide = 8192;
/// Largest accepted snapshot time, in seconds (ten days).
inline constexpr double kMaxSnapshotTime = 864000;

struct SnapshotParams {
  double time_s = 0;
  int width = 0;   // 0 = from the source (both 0 = source size; one 0 = keep the aspect ratio)
  int height = 0;
  engine::ImageFormat format = engine::ImageFormat::kJpeg;
  engine::Rotate rotate = engine::Rotate::kAuto;
  engine::SeekMode mode = engine::SeekMode::kExact;

  /// A stable text naming every parameter, for cache keys, e.g. "t=1.5;w=0;h=0;f=jpg;r=auto;m=exact".
  std::string cache_text() const;
};

/// The `ci-process` value of the request, or "" when absent.
std::string ci_process_of(const ApiRequest& request);

/// Parses the GetSnapshot parameters; InvalidArgument names the bad one.
tg::Result<SnapshotParams, CosError> parse_snapshot_params(const ApiRequest& request);

/// A strictly decimal non-negative number: digits with an optional fraction ("1", "1.5", ".5", "2.").
tg::Result<double, std::string> parse_decimal_seconds(std::string_view text);

/// A strictly decimal non-negative integer of at most 9 digits.
tg::Result<int, std::string> parse_decimal_int(std::string_view text);

/// "image/jpeg" or "image/png".
const char* image_content_type(engine::ImageFormat format);

}  // namespace tg::adapters::tencent_ci
