#include "engine/engine.hpp"

namespace tg::engine {

const char* errc_name(Errc code) {
  switch (code) {
    case Errc::kInvalidArgument: return "invalid_argument";
    case Errc::kNotFound: return "not_found";
    case Errc::kForbidden: return "forbidden";
    case Errc::kNotMedia: return "not_media";
    case Errc::kNoVideo: return "no_video";
    case Errc::kCorrupt: return "corrupt";
    case Errc::kUnsupported: return "unsupported";
    case Errc::kTooLarge: return "too_large";
    case Errc::kTimeout: return "timeout";
    case Errc::kCancelled: return "cancelled";
    case Errc::kEncode: return "encode";
    case Errc::kIo: return "io";
    case Errc::kInternal: return "internal";
    case Errc::kUnavailable: return "unavailable";
    case Errc::kNoSpace: return "no_space";
  }
  return "internal";
}

}  // namespace tg::engine
