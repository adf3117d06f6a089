#pragma once
// One bounded HTTP(S) POST with libcurl: http/https only, no redirects, a total timeout, abortable.

#include <atomic>
#include <cstdint>
#include <string>

namespace tg::tasks {

struct PostOutcome {
  int status = 0;     // the HTTP status; 0 when no response arrived
  std::string error;  // transport error ("" when a response arrived)
  bool aborted = false;  // `abort` was raised mid-transfer
};

/// POSTs `body` to `url`; any response is returned as is (the caller judges the status).
PostOutcome http_post(const std::string& url, const std::string& body, const std::string& content_type,
                      int64_t timeout_ms, const std::atomic<bool>* abort = nullptr);

}  // namespace tg::tasks
