#pragma once
// The times an interval sampling visits (pure).

#include <vector>

#include "engine/engine.hpp"

namespace tg::engine {

/// Most samples one request may ask for.
inline constexpr int kMaxSamples = 100000;

/// start_s, start_s + interval, ... while below `duration_s`, at most `count` (when > 0); a percent
/// interval is a share of the duration; strictly increasing. kInvalidArgument for a non-positive or non-finite
/// interval, a negative start or count, an interval too small to tell two times apart, or more than
/// kMaxSamples times.
EngineResult<std::vector<double>> sampling_times(const SampleRequest& request, double duration_s);

}  // namespace tg::engine
