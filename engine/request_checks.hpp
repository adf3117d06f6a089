#pragma once
// Validation of request fields that needs no input: done before any file is opened.

#include "engine/engine.hpp"

namespace tg::engine {

/// kInvalidArgument when sizes are negative or absurd or the quality is outside 1..100.
EngineResult<Ok> check_image_options(const ImageOptions& options);

/// kInvalidArgument when a black filter field is out of range.
EngineResult<Ok> check_black_filter(const BlackFilter& filter);

}  // namespace tg::engine
