#pragma once
// Building engine Error values, and mapping libav error codes onto Errc.

#include <string>

#include "engine/engine.hpp"

namespace tg::engine {

/// An Unexpected<Error> ready to return from any EngineResult function.
inline tg::Unexpected<Error> fail(Errc code, std::string message) {
  return tg::unexpected(Error{code, std::move(message)});
}

/// libav's text for an AVERROR code.
std::string av_error_text(int averror);

/// The Errc that best describes a libav error code from opening or reading an input.
Errc errc_from_averror(int averror);

}  // namespace tg::engine
