#include "adapters/tencent_ci/snapshot_params.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace tg::adapters::tencent_ci {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

CosError invalid(std::string message) { return {CosErrorCode::kInvalidArgument, std::move(message)}; }

// The single value of `name`, nullopt when absent; an error when it is given twice.
tg::Result<std::optional<std::string>, CosError> single(const ApiRequest& request, std::string_view name) {
  auto values = request.query_values(name);
  if (values.size() > 1) return tg::unexpected(invalid("parameter " + std::string(name) + " is given more than once"));
  if (values.empty()) return std::optional<std::string>();
  return std::optional<std::string>(values.front());
}

}  // namespace

std::string SnapshotParams::cache_text() const {
  char time_text[64];
  std::snprintf(time_text, sizeof time_text, "%.6f", time_s);
  return std::string("t=") + time_text + ";w=" + std::to_string(width) + ";h=" + std::to_string(height) +
         ";f=" + (format == engine::ImageFormat::kPng ? "png" : "jpg") +
         ";r=" + (rotate == engine::Rotate::kOff ? "off" : "auto") +
         ";m=" + (mode == engine::SeekMode::kKeyframe ? "keyframe" : "exact");
}

std::string ci_process_of(const ApiRequest& request) { return request.query_value("ci-process").value_or(""); }

tg::Result<double, std::string> parse_decimal_seconds(std::string_view text) {
  if (text.empty()) return tg::unexpected(std::string("is empty"));
  std::size_t digits = 0;
  std::size_t dots = 0;
  for (char c : text) {
    if (is_digit(c)) {
      ++digits;
    } else if (c == '.') {
      ++dots;
    } else {
      return tg::unexpected(std::string("must be a plain decimal number of seconds"));
    }
  }
  if (digits == 0 || dots > 1) return tg::unexpected(std::string("must be a plain decimal number of seconds"));
  if (text.size() > 32) return tg::unexpected(std::string("has too many digits"));
  // Only digits and one dot reach strtod, so its locale-independent subset is all that is used.
  std::string copy(text);
  double value = std::strtod(copy.c_str(), nullptr);
  if (!std::isfinite(value)) return tg::unexpected(std::string("is not a finite number"));
  return value;
}

tg::Result<int, std::string> parse_decimal_int(std::string_view text) {
  if (text.empty()) return tg::unexpected(std::string("is empty"));
  if (text.size() > 9) return tg::unexpected(std::string("is too large"));
  for (char c : text) {
    if (!is_digit(c)) return tg::unexpected(std::string("must be a non-negative decimal integer"));
  }
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

tg::Result<SnapshotParams, CosError> parse_snapshot_params(const ApiRequest& request) {
  SnapshotParams p;
  auto time = single(request, "time");
  if (!time) return tg::unexpected(time.error());
  if (!*time) return tg::unexpected(invalid("parameter time is required"));
  auto seconds = parse_decimal_seconds(**time);
  if (!seconds) return tg::unexpected(invalid("parameter time " + seconds.error()));
  if (*seconds > kMaxSnapshotTime) {
    return tg::unexpected(invalid("parameter time must be at most " + std::to_string(int(kMaxSnapshotTime))));
  }
  p.time_s = *seconds;

  for (auto [name, out] : {std::pair<const char*, int*>{"width", &p.width}, {"height", &p.height}}) {
    auto value = single(request, name);
    if (!value) return tg::unexpected(value.error());
    if (!*value) continue;
    auto number = parse_decimal_int(**value);
    if (!number) return tg::unexpected(invalid(std::string("parameter ") + name + " " + number.error()));
    if (*number > kMaxSnapshotSide) {
      return tg::unexpected(
          invalid(std::string("parameter ") + name + " must be at most " + std::to_string(kMaxSnapshotSide)));
    }
    *out = *number;
  }

  auto format = single(request, "format");
  if (!format) return tg::unexpected(format.error());
  if (*format) {
    if (**format == "jpg") {
      p.format = engine::ImageFormat::kJpeg;
    } else if (**format == "png") {
      p.format = engine::ImageFormat::kPng;
    } else {
      return tg::unexpected(invalid("parameter format must be jpg or png"));
    }
  }
  auto rotate = single(request, "rotate");
  if (!rotate) return tg::unexpected(rotate.error());
  if (*rotate) {
    if (**rotate == "auto") {
      p.rotate = engine::Rotate::kAuto;
    } else if (**rotate == "off") {
      p.rotate = engine::Rotate::kOff;
    } else {
      return tg::unexpected(invalid("parameter rotate must be auto or off"));
    }
  }
  auto mode = single(request, "mode");
  if (!mode) return tg::unexpected(mode.error());
  if (*mode) {
    if (**mode == "exactframe") {
      p.mode = engine::SeekMode::kExact;
    } else if (**mode == "keyframe") {
      p.mode = engine::SeekMode::kKeyframe;
    } else {
      return tg::unexpected(invalid("parameter mode must be exactframe or keyframe"));
    }
  }
  return p;
}

const char* image_content_type(engine::ImageFormat format) {
  return format == engine::ImageFormat::kPng ? "image/png" : "image/jpeg";
}

}  // namespace tg::adapters::tencent_ci
