#include "tasks/http_post.hpp"

#include <algorithm>
#include <memory>

#include "core/curl_library.hpp"
#include "core/logger.hpp"
#include "core/outbound_socket.hpp"
#include "core/redaction.hpp"
#include "core/utf8.hpp"
#include "tasks/task.hpp"

namespace tg::tasks {
namespace {

struct CurlEasyCleanup {
  const CurlLibrary* curl;
  void operator()(CURL* handle) const { curl->easy_cleanup(handle); }
};
struct CurlSlistCleanup {
  const CurlLibrary* curl;
  void operator()(curl_slist* list) const { curl->slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlEasyCleanup>;
using CurlHeaders = std::unique_ptr<curl_slist, CurlSlistCleanup>;

// Keeps the first bytes of the response body (enough to see whether the last kept character is whole) and
// drops the rest.
constexpr size_t kKeptBodyBytes = kResponseSnippetBytes + 3;

size_t keep_body_start(char* data, size_t size, size_t count, void* user) {
  auto* kept = static_cast<std::string*>(user);
  const size_t bytes = size * count;
  if (kept->size() < kKeptBodyBytes) kept->append(data, std::min(bytes, kKeptBodyBytes - kept->size()));
  return bytes;
}

int check_abort(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* abort = static_cast<const std::atomic<bool>*>(user);
  return abort != nullptr && abort->load() ? 1 : 0;
}

// Appends a header line, keeping the list owned by `headers`; false when curl ran out of memory.
bool add_header(const CurlLibrary& curl, CurlHeaders& headers, const std::string& line) {
  curl_slist* grown = curl.slist_append(headers.get(), line.c_str());
  if (grown == nullptr) return false;
  headers.release();
  headers.reset(grown);
  return true;
}

}  // namespace

PostOutcome http_post(const std::string& url, const std::string& body, const std::string& content_type,
                      int64_t timeout_ms, const std::atomic<bool>* abort, const AddressPolicy* policy) {
  PostOutcome outcome;
  auto library = curl_library();
  if (!library) {
    outcome.error = library.error();
    return outcome;
  }
  const CurlLibrary& api = **library;
  CurlHandle curl(api.easy_init(), CurlEasyCleanup{&api});
  if (!curl) {
    outcome.error = "cannot create a curl handle";
    return outcome;
  }
  CurlHeaders headers(nullptr, CurlSlistCleanup{&api});
  // "Expect:" stops curl from waiting for a 100-continue that simple receivers never send.
  if (!add_header(api, headers, "Content-Type: " + (content_type.empty() ? "application/json" : content_type)) ||
      !add_header(api, headers, "Expect:")) {
    outcome.error = "out of memory";
    return outcome;
  }
  CURL* h = curl.get();
  auto setopt = api.easy_setopt;
  OutboundSocketGuard guard{policy, {}};
  // Where the POST may connect: every one of these must take, or nothing is sent.
  const bool secured = setopt(h, CURLOPT_URL, url.c_str()) == CURLE_OK &&
                       setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK &&
                       setopt(h, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
                       setopt(h, CURLOPT_OPENSOCKETFUNCTION, &open_allowed_socket) == CURLE_OK &&
                       setopt(h, CURLOPT_OPENSOCKETDATA, &guard) == CURLE_OK &&
                       setopt(h, CURLOPT_PROXY, "") == CURLE_OK &&
                       setopt(h, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_IGNORED)) == CURLE_OK;
  if (!secured) {
    outcome.error = "this libcurl cannot restrict where callbacks connect";
    return outcome;
  }
  setopt(h, CURLOPT_NOSIGNAL, 1L);
  setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms > 0 ? timeout_ms : 1));
  setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_ms > 0 ? timeout_ms : 1));
  setopt(h, CURLOPT_POST, 1L);
  setopt(h, CURLOPT_POSTFIELDS, body.data());
  setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  setopt(h, CURLOPT_HTTPHEADER, headers.get());
  setopt(h, CURLOPT_USERAGENT, "thumbgate-callback/1");
  std::string body_start;
  setopt(h, CURLOPT_WRITEFUNCTION, keep_body_start);
  setopt(h, CURLOPT_WRITEDATA, &body_start);
  setopt(h, CURLOPT_NOPROGRESS, 0L);
  setopt(h, CURLOPT_XFERINFOFUNCTION, check_abort);
  setopt(h, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(abort));

  CURLcode rc = api.easy_perform(h);
  if (rc != CURLE_OK) {
    outcome.aborted = rc == CURLE_ABORTED_BY_CALLBACK;
    outcome.refused = !guard.refused.empty();
    // The resolved address goes to the server log only: the task's owner sees that it was refused.
    if (outcome.refused) {
      log(LogLevel::kWarn, "callback refused: the address is not allowed",
          {{"url", redact_url(url)}, {"address", guard.refused}});
    }
    outcome.error = outcome.refused ? "the callback URL's address is not allowed (outbound.allow_networks)"
                                    : api.easy_strerror(rc);
    return outcome;
  }
  long status = 0;
  api.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  outcome.status = static_cast<int>(status);
  outcome.body_snippet = utf8_prefix(body_start, kResponseSnippetBytes);
  return outcome;
}

}  // namespace tg::tasks
