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

const char* errc_message(Errc code) {
  switch (code) {
    case Errc::kInvalidArgument: return "the request is not valid";
    case Errc::kNotFound: return "the input does not exist";
    case Errc::kForbidden: return "the input cannot be read";
    case Errc::kNotMedia: return "the input is not a video in a supported format";
    case Errc::kNoVideo: return "the input has no video stream";
    case Errc::kCorrupt: return "the input is damaged: no frame could be decoded";
    case Errc::kUnsupported: return "the input's codec is not supported";
    case Errc::kTooLarge: return "the input's frames are too large";
    case Errc::kTimeout: return "the work did not finish within its deadline";
    case Errc::kCancelled: return "the work was cancelled";
    case Errc::kEncode: return "the image could not be encoded";
    case Errc::kIo: return "the input could not be read";
    case Errc::kInternal: return "internal error";
    case Errc::kUnavailable: return "the server is short of resources; try again later";
    case Errc::kNoSpace: return "the server has no space left for the outputs";
  }
  return "internal error";
}

}  // namespace tg::engine
