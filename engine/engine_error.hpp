#pragma once
// Building engine Error values, and mapping libav error codes onto Errc.

#include <string>

#include "engine/engine.hpp"

namespace tg::engine {

/// An Unexpected<Error> ready to return from any EngineResult function; `message` is shown to clients
/// (see Error), `detail` only logged.
inline tg::Unexpected<Error> fail(Errc code, std::string message, std::string detail = {}) {
  return tg::unexpected(Error{code, std::move(message), std::move(detail)});
}

/// An Unexpected<Error> whose client message is errc_message(code) and whose detail is `detail`.
inline tg::Unexpected<Error> fail_with_detail(Errc code, std::string detail) {
  return tg::unexpected(Error{code, errc_message(code), std::move(detail)});
}

/// libav's text for an AVERROR code.
std::string av_error_text(int averror);

/// The Errc that best describes a libav error code from opening or reading an input.
Errc errc_from_averror(int averror);

}  // namespace tg::engine
