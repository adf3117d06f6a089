#pragma once

namespace tg::engine {

/// Process-wide libav settings (log level), applied once; safe to call from any thread.
void ensure_libav_setup();

}  // namespace tg::engine
