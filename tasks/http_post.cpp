#include "tasks/http_post.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace tg::tasks {
namespace {

struct CurlEasyCleanup {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct CurlSlistCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlEasyCleanup>;
using CurlHeaders = std::unique_ptr<curl_slist, CurlSlistCleanup>;

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t discard_body(char*, size_t size, size_t count, void*) { return size * count; }

int check_abort(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* abort = static_cast<const std::atomic<bool>*>(user);
  return abort != nullptr && abort->load() ? 1 : 0;
}

// Appends a header line, keeping the list owned by `headers`; false when curl ran out of memory.
bool add_header(CurlHeaders& headers, const std::string& line) {
  curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
  if (grown == nullptr) return false;
  headers.release();
  headers.reset(grown);
  return true;
}

}  // namespace

PostOutcome http_post(const std::string& url, const std::string& body, const std::string& content_type,
                      int64_t timeout_ms, const std::atomic<bool>* abort) {
  global_init_once();
  PostOutcome outcome;
  CurlHandle curl(curl_easy_init());
  if (!curl) {
    outcome.error = "cannot create a curl handle";
    return outcome;
  }
  CurlHeaders headers;
  // "Expect:" stops curl from waiting for a 100-continue that simple receivers never send.
  if (!add_header(headers, "Content-Type: " + (content_type.empty() ? "application/json" : content_type)) ||
      !add_header(headers, "Expect:")) {
    outcome.error = "out of memory";
    return outcome;
  }
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms > 0 ? timeout_ms : 1));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_ms > 0 ? timeout_ms : 1));
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "thumbgate-callback/1");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_body);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, check_abort);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(abort));

  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    outcome.aborted = rc == CURLE_ABORTED_BY_CALLBACK;
    outcome.error = curl_easy_strerror(rc);
    return outcome;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  outcome.status = static_cast<int>(status);
  return outcome;
}

}  // namespace tg::tasks
