// The sprite / WebVTT planner: sampling times (engine/sampling_plan), page layout (engine/sprite_layout)
// and the WebVTT index (render_webvtt), over fuzzed requests and stream durations. Every tile lies inside
// its page, and the index is WebVTT a player reads: timestamps hh:mm:ss.ttt whose cues never end before
// they start.

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/input_opener.hpp"
#include "engine/sampling_plan.hpp"
#include "engine/sprite_layout.hpp"
#include "support/fuzz_check.hpp"

namespace engine = tg::engine;

namespace {

double consume_time(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0: return in.ConsumeFloatingPoint<double>();                // anything, NaN and infinities included
    case 1: return in.ConsumeFloatingPointInRange<double>(0, 1e6);   // plausible media times
    case 2: return static_cast<double>(in.ConsumeIntegral<int64_t>()) * in.ConsumeProbability<double>();
    default: return in.ConsumeIntegralInRange<int>(0, 36000);
  }
}

// "hh:mm:ss.ttt" (hours may have more digits) -> milliseconds; -1 when malformed.
int64_t parse_vtt_time(const std::string& text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos || colon < 2 || text.size() != colon + 10) return -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool separator = i == colon || i == colon + 3 || i == colon + 6;
    if (separator) {
      if (text[i] != (i == colon + 6 ? '.' : ':')) return -1;
    } else if (text[i] < '0' || text[i] > '9') {
      return -1;
    }
  }
  if (colon > 12) return -1;
  const int64_t hours = std::stoll(text.substr(0, colon));
  const int64_t minutes = std::stoll(text.substr(colon + 1, 2));
  const int64_t seconds = std::stoll(text.substr(colon + 4, 2));
  const int64_t millis = std::stoll(text.substr(colon + 7, 3));
  if (minutes > 59 || seconds > 59) return -1;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

void check_webvtt(const std::string& vtt, const engine::SpriteLayout& layout) {
  FUZZ_CHECK(vtt.rfind("WEBVTT\n\n", 0) == 0);
  std::size_t pos = 8;
  for (const engine::SpriteCue& cue : layout.cues) {
    const std::size_t end_of_times = vtt.find('\n', pos);
    FUZZ_CHECK(end_of_times != std::string::npos);
    const std::string times = vtt.substr(pos, end_of_times - pos);
    const std::size_t arrow = times.find(" --> ");
    FUZZ_CHECK(arrow != std::string::npos);
    const int64_t start = parse_vtt_time(times.substr(0, arrow));
    const int64_t end = parse_vtt_time(times.substr(arrow + 5));
    FUZZ_CHECK(start >= 0 && end >= 0);
    FUZZ_CHECK(end >= start);
    const std::size_t end_of_url = vtt.find('\n', end_of_times + 1);
    FUZZ_CHECK(end_of_url != std::string::npos);
    const std::string url = vtt.substr(end_of_times + 1, end_of_url - end_of_times - 1);
    const std::string expected = "sprite-" + std::to_string(cue.page + 1) + ".jpg#xywh=" + std::to_string(cue.x) +
                                 "," + std::to_string(cue.y) + "," + std::to_string(cue.w) + "," +
                                 std::to_string(cue.h);
    FUZZ_CHECK(url == expected);
    pos = end_of_url + 2;
  }
  FUZZ_CHECK(pos == vtt.size() || (layout.cues.empty() && pos == 8));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  engine::SpriteRequest request;
  engine::SampleRequest& sampling = request.sampling;
  sampling.percent = in.ConsumeBool();
  sampling.interval = consume_time(in);
  sampling.start_s = in.ConsumeBool() ? 0 : consume_time(in);
  sampling.count = in.ConsumeBool() ? 0 : in.ConsumeIntegralInRange<int>(-1, 200000);
  request.columns = in.ConsumeIntegralInRange<int>(-1, 1001);
  request.rows = in.ConsumeIntegralInRange<int>(-1, 1001);
  request.cell_width = in.ConsumeIntegralInRange<int>(-1, 17000);
  request.cell_height = in.ConsumeIntegralInRange<int>(-1, 17000);
  request.padding = in.ConsumeBool() ? 0 : in.ConsumeIntegralInRange<int>(-1, 17000);
  request.margin = in.ConsumeBool() ? 0 : in.ConsumeIntegralInRange<int>(-1, 17000);
  request.color = in.ConsumeBool() ? 0 : in.ConsumeIntegral<uint32_t>();
  request.format = in.ConsumeBool() ? engine::ImageFormat::kPng : engine::ImageFormat::kJpeg;
  request.quality = in.ConsumeIntegralInRange<int>(0, 101);
  const double duration = consume_time(in);

  auto times = engine::sampling_times(sampling, duration);
  if (!times) {
    FUZZ_CHECK(!times.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(times->size() <= static_cast<std::size_t>(engine::kMaxSamples));
  if (sampling.count > 0) FUZZ_CHECK(times->size() <= static_cast<std::size_t>(sampling.count));
  for (std::size_t i = 0; i < times->size(); ++i) {
    const double t = (*times)[i];
    FUZZ_CHECK(std::isfinite(t) && t >= 0);
    if (std::isfinite(duration) && duration > 0) FUZZ_CHECK(t < duration);
    if (i > 0) FUZZ_CHECK(t > (*times)[i - 1]);
  }

  auto layout = engine::layout_sprite(request, *times, duration);
  if (!layout) {
    FUZZ_CHECK(layout.error().code == engine::Errc::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(layout->page_width >= 1 && layout->page_width <= engine::kMaxDimension);
  FUZZ_CHECK(layout->page_height >= 1 && layout->page_height <= engine::kMaxDimension);
  FUZZ_CHECK(layout->cues.size() == times->size());
  FUZZ_CHECK(static_cast<int64_t>(layout->page_count) * layout->tiles_per_page >=
             static_cast<int64_t>(times->size()));
  for (const engine::SpriteCue& cue : layout->cues) {
    FUZZ_CHECK(cue.page >= 0 && cue.page < layout->page_count);
    FUZZ_CHECK(cue.x >= request.margin && cue.y >= request.margin);
    FUZZ_CHECK(cue.x + cue.w <= layout->page_width - request.margin);
    FUZZ_CHECK(cue.y + cue.h <= layout->page_height - request.margin);
  }
  const std::string vtt =
      engine::render_webvtt(layout->cues, [](int page) { return "sprite-" + std::to_string(page + 1) + ".jpg"; });
  check_webvtt(vtt, *layout);
  return 0;
}
