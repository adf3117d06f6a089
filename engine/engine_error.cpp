#include "engine/engine_error.hpp"

#include <cerrno>

extern "C" {
#include <libavutil/error.h>
}

namespace tg::engine {

std::string av_error_text(int averror) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(averror, buf, sizeof buf);
  return buf;
}

Errc errc_from_averror(int averror) {
  switch (averror) {
    case AVERROR(ENOENT):
    case AVERROR_HTTP_NOT_FOUND:
      return Errc::kNotFound;
    case AVERROR(EACCES):
    case AVERROR(EPERM):
    case AVERROR_HTTP_FORBIDDEN:
    case AVERROR_HTTP_UNAUTHORIZED:
    case AVERROR_PROTOCOL_NOT_FOUND:
      return Errc::kForbidden;
    case AVERROR_INVALIDDATA:
    case AVERROR(EINVAL):  // demuxers refuse impossible headers with EINVAL
    case AVERROR_DEMUXER_NOT_FOUND:
    case AVERROR_EOF:
      return Errc::kNotMedia;
    case AVERROR_DECODER_NOT_FOUND:
    case AVERROR_PATCHWELCOME:
      return Errc::kUnsupported;
    case AVERROR(ETIMEDOUT):
      return Errc::kTimeout;
    case AVERROR(EMFILE):
    case AVERROR(ENFILE):
    case AVERROR(ENOMEM):
      return Errc::kUnavailable;
    default:
      return Errc::kIo;
  }
}

}  // namespace tg::engine
