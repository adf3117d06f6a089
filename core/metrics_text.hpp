#pragma once
// The Prometheus text exposition format, version 0.0.4, of a metrics registry.

#include <string>
#include <string_view>

#include "core/metrics.hpp"

namespace tg::metrics {

/// The Content-Type of render_text's output.
inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

/// Every family of `registry` (after its refresh hooks ran): "# HELP", "# TYPE", then one line per
/// sample; histograms as cumulative `_bucket{le=...}` lines, `_sum` and `_count`.
std::string render_text(const Registry& registry);

/// A label value escaped for the format: backslash, double quote and line feed.
std::string escape_label_value(std::string_view value);

/// A sample value: integers without a fraction, "+Inf", "-Inf", "NaN", otherwise the shortest exact form.
std::string format_number(double value);

}  // namespace tg::metrics
