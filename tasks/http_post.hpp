#pragma once
// One bounded HTTP(S) POST with libcurl: http/https only, no redirects, no proxy, .netrc or cookies, a
// total timeout, abortable, and a connection only to an address the outbound policy allows.

#include <atomic>
#include <cstdint>
#include <string>

#include "core/address_policy.hpp"

namespace tg::tasks {

struct PostOutcome {
  int status = 0;     // the HTTP status; 0 when no response arrived
  std::string error;  // transport error ("" when a response arrived)
  bool aborted = false;  // `abort` was raised mid-transfer
  bool refused = false;  // the URL's address is not allowed by the policy: nothing was sent
  // The start of the response body: at most kResponseSnippetBytes (tasks/task.hpp), valid UTF-8, cut at a
  // character. The rest of the body is read and dropped.
  std::string body_snippet;
};

/// POSTs `body` to `url`; any response is returned as is (the caller judges the status). `policy`
/// says where it may connect (nullptr = public addresses only).
PostOutcome http_post(const std::string& url, const std::string& body, const std::string& content_type,
                      int64_t timeout_ms, const std::atomic<bool>* abort = nullptr,
                      const AddressPolicy* policy = nullptr);

}  // namespace tg::tasks
