#include "engine/libav_setup.hpp"

#include <mutex>

extern "C" {
#include <libavutil/log.h>
}

namespace tg::engine {

void ensure_libav_setup() {
  static std::once_flag once;
  // Damaged inputs make decoders log a line per bad packet; failures come back as Error values.
  std::call_once(once, [] { av_log_set_level(AV_LOG_FATAL); });
}

}  // namespace tg::engine
