#include "engine/http_byte_source.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/logger.hpp"
#include "core/redaction.hpp"
#include "engine/engine_error.hpp"

namespace tg::engine {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kFirstChunk = 256 * 1024;
constexpr int64_t kLargestChunk = 4 * 1024 * 1024;
constexpr int64_t kMaxSpool = int64_t{1} << 30;
constexpr long kMaxRedirects = 5;
constexpr long kSlowestBytesPerSecond = 1024;

// "bytes FIRST-LAST/TOTAL" (TOTAL may be "*") or "bytes */TOTAL" -> first (-1 for "*") and total (-1 unknown).
bool parse_content_range(const std::string& value, int64_t& first, int64_t& total) {
  unsigned long long a = 0;
  unsigned long long b = 0;
  unsigned long long t = 0;
  first = -1;
  total = -1;
  if (std::sscanf(value.c_str(), "bytes %llu-%llu/%llu", &a, &b, &t) == 3) {
    if (b < a || b >= t) return false;
    first = static_cast<int64_t>(a);
    total = static_cast<int64_t>(t);
    return true;
  }
  if (std::sscanf(value.c_str(), "bytes %llu-%llu/*", &a, &b) == 2 && b >= a) {
    first = static_cast<int64_t>(a);
    return true;
  }
  if (std::sscanf(value.c_str(), "bytes */%llu", &t) == 1) {
    total = static_cast<int64_t>(t);
    return true;
  }
  return false;
}

Error status_error(int status) {
  const std::string code = std::to_string(status);
  if (status == 404 || status == 410) return Error{Errc::kNotFound, "the source does not exist (HTTP " + code + ")"};
  if (status == 401 || status == 403) return Error{Errc::kForbidden, "the source refused access (HTTP " + code + ")"};
  if (status >= 300 && status < 400) return Error{Errc::kIo, "the source answered a redirect that cannot be followed"};
  return Error{Errc::kIo, "the source answered HTTP " + code};
}

}  // namespace

struct HttpByteSource::Transfer {
  int64_t from = 0;      // the first byte asked for
  int64_t want_end = 0;  // one past the last byte wanted
  // The final answer (after redirects).
  int status = 0;
  std::string content_range;
  bool body_started = false;
  int64_t body_offset = 0;  // source offset of the next body byte
  int64_t total = -1;       // the source's size when the answer tells it
  bool stopped_on_purpose = false;
  std::optional<Error> error;  // why a callback stopped the transfer
  std::string refused_address;
  Clock::time_point last_progress;
  curl_off_t received = 0;
};

HttpByteSource::HttpByteSource(const CurlLibrary& curl, std::string url, Options options)
    : curl_(curl), handle_(nullptr, CurlCleanup{&curl}), url_(std::move(url)), options_(options),
      error_buffer_(CURL_ERROR_SIZE + 1, '\0') {
  guard_.policy = options_.policy;
}

HttpByteSource::~HttpByteSource() = default;

EngineResult<std::unique_ptr<HttpByteSource>> HttpByteSource::open(const std::string& url, Options options) {
  auto library = tg::curl_library();
  if (!library) {
    tg::log(LogLevel::kError, "libcurl cannot be loaded", {{"error", library.error()}});
    return fail(Errc::kInternal, "remote inputs are not available on this server");
  }
  std::unique_ptr<HttpByteSource> source(new HttpByteSource(**library, url, options));
  TG_TRY(source->configure());
  TG_TRY(source->fetch(0));
  return source;
}

void HttpByteSource::arm(Clock::time_point deadline, const std::atomic<bool>* cancel) {
  options_.deadline = deadline;
  options_.cancel = cancel;
}

EngineResult<Ok> HttpByteSource::configure() {
  handle_.reset(curl_.easy_init());
  if (!handle_) return fail(Errc::kInternal, "cannot create a transfer handle");
  CURL* h = handle_.get();
  auto set = curl_.easy_setopt;
  const long idle_ms = static_cast<long>(std::max<int64_t>(1, options_.idle_timeout.count()));
  // The options that keep connections where the policy allows must all take, or nothing is read.
  const bool secured = set(h, CURLOPT_URL, url_.c_str()) == CURLE_OK &&
                       set(h, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK &&
                       set(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK &&
                       set(h, CURLOPT_OPENSOCKETFUNCTION, &tg::open_allowed_socket) == CURLE_OK &&
                       set(h, CURLOPT_OPENSOCKETDATA, &guard_) == CURLE_OK &&
                       set(h, CURLOPT_PROXY, "") == CURLE_OK &&
                       set(h, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_IGNORED)) == CURLE_OK;
  if (!secured) return fail(Errc::kInternal, "this libcurl cannot restrict where remote inputs connect");
  set(h, CURLOPT_FOLLOWLOCATION, 1L);
  set(h, CURLOPT_MAXREDIRS, kMaxRedirects);
  set(h, CURLOPT_NOSIGNAL, 1L);
  set(h, CURLOPT_USERAGENT, "thumbgate/1");
  set(h, CURLOPT_CONNECTTIMEOUT_MS, idle_ms);
  set(h, CURLOPT_LOW_SPEED_LIMIT, kSlowestBytesPerSecond);
  set(h, CURLOPT_LOW_SPEED_TIME, std::max(1L, (idle_ms + 999) / 1000));
  set(h, CURLOPT_ERRORBUFFER, error_buffer_.data());
  set(h, CURLOPT_HEADERFUNCTION, &HttpByteSource::on_header);
  set(h, CURLOPT_HEADERDATA, this);
  set(h, CURLOPT_WRITEFUNCTION, &HttpByteSource::on_body);
  set(h, CURLOPT_WRITEDATA, this);
  set(h, CURLOPT_NOPROGRESS, 0L);
  set(h, CURLOPT_XFERINFOFUNCTION, &HttpByteSource::on_progress);
  set(h, CURLOPT_XFERINFODATA, this);
  return Ok{};
}

EngineResult<std::size_t> HttpByteSource::read(uint8_t* buffer, std::size_t size) {
  if (size == 0) return std::size_t{0};
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (size_ >= 0 && position_ >= size_) return std::size_t{0};
    if (spool_ && position_ < spooled_) {
      const auto n = static_cast<std::size_t>(std::min<int64_t>(static_cast<int64_t>(size), spooled_ - position_));
      ssize_t got = ::pread(fileno(spool_.get()), buffer, n, position_);
      if (got <= 0) return fail(Errc::kIo, "cannot read the temporary copy of the source");
      position_ += got;
      return static_cast<std::size_t>(got);
    }
    const int64_t buffer_end = buffer_start_ + static_cast<int64_t>(buffer_.size());
    if (!spool_ && position_ >= buffer_start_ && position_ < buffer_end) {
      const auto n = static_cast<std::size_t>(std::min<int64_t>(static_cast<int64_t>(size), buffer_end - position_));
      std::memcpy(buffer, buffer_.data() + (position_ - buffer_start_), n);
      position_ += static_cast<int64_t>(n);
      return n;
    }
    if (attempt == 0) TG_TRY(fetch(position_));
  }
  // Nothing came for a position before the announced end.
  if (size_ >= 0 && position_ < size_) return fail(Errc::kIo, "the source ended before its announced size");
  return std::size_t{0};
}

EngineResult<Ok> HttpByteSource::seek(int64_t offset) {
  if (offset < 0) return fail(Errc::kInvalidArgument, "negative offset");
  position_ = offset;
  return Ok{};
}

EngineResult<Ok> HttpByteSource::fetch(int64_t from) {
  Transfer transfer;
  if (spool_) {
    if (from < spooled_ || (size_ >= 0 && from >= size_)) return Ok{};
    if (from >= kMaxSpool) {
      return fail(Errc::kUnsupported, "the source ignores range requests and is larger than 1 GiB");
    }
    // Re-reading from the start each time, so each time at least twice as much: about twice the bytes
    // in all.
    transfer.from = spooled_;
    transfer.want_end = std::min(kMaxSpool, std::max(from + kFirstChunk, 2 * spooled_));
    curl_.easy_setopt(handle_.get(), CURLOPT_RANGE, (std::to_string(spooled_) + "-").c_str());
    return perform(transfer);
  }
  const int64_t buffer_end = buffer_start_ + static_cast<int64_t>(buffer_.size());
  const bool sequential = !buffer_.empty() && from == buffer_end;
  next_chunk_ = sequential ? std::min(kLargestChunk, next_chunk_ * 2) : kFirstChunk;
  buffer_.clear();
  buffer_start_ = from;
  if (size_ >= 0 && from >= size_) return Ok{};
  transfer.from = from;
  transfer.want_end = size_ >= 0 ? std::min(size_, from + next_chunk_) : from + next_chunk_;
  buffer_.reserve(static_cast<std::size_t>(transfer.want_end - from));
  const std::string range = std::to_string(from) + "-" + std::to_string(transfer.want_end - 1);
  curl_.easy_setopt(handle_.get(), CURLOPT_RANGE, range.c_str());
  return perform(transfer);
}

EngineResult<Ok> HttpByteSource::perform(Transfer& transfer) {
  const auto now = Clock::now();
  if (options_.cancel && options_.cancel->load()) return fail(Errc::kCancelled, "cancelled");
  if (now >= options_.deadline) return fail(Errc::kTimeout, "deadline passed");
  long timeout_ms = 0;  // none
  if (options_.deadline != Clock::time_point::max()) {
    // Rounded up, so that curl's own timer never fires before the deadline.
    auto left = std::chrono::ceil<std::chrono::milliseconds>(options_.deadline - now).count();
    timeout_ms = static_cast<long>(std::clamp<int64_t>(left, 1, 86'400'000));
  }
  CURL* h = handle_.get();
  curl_.easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  transfer.last_progress = now;
  error_buffer_[0] = '\0';
  guard_.refused.clear();
  active_ = &transfer;
  CURLcode rc = curl_.easy_perform(h);
  active_ = nullptr;
  transfer.refused_address = guard_.refused;
  ++stats_.requests;
  long connects = 0;
  if (curl_.easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK) {
    stats_.connections += static_cast<int>(connects);
  }

  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && transfer.stopped_on_purpose)) {
    return tg::unexpected(transfer_error(rc, transfer));
  }
  // Later requests go straight to where the redirects ended.
  char* effective = nullptr;
  if (curl_.easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective && url_ != effective) {
    url_ = effective;
    curl_.easy_setopt(h, CURLOPT_URL, url_.c_str());
  }
  const int status = transfer.status;
  if (status == 416) {
    // Asked from past the end of a source whose size was not known: that is where it ends.
    int64_t first = -1;
    int64_t total = -1;
    size_ = parse_content_range(transfer.content_range, first, total) && total >= 0 ? total : transfer.from;
    return Ok{};
  }
  if (status != 200 && status != 206) return tg::unexpected(status_error(status));
  if (!transfer.body_started && status == 206) return fail(Errc::kIo, "the source answered a range without bytes");
  if (spool_) {
    // The whole body arrived (not stopped on purpose): the source ends there.
    if (!transfer.stopped_on_purpose) size_ = spooled_;
    else if (transfer.total >= 0) size_ = transfer.total;
    return Ok{};
  }
  if (transfer.total >= 0) {
    if (size_ >= 0 && size_ != transfer.total) return fail(Errc::kIo, "the source changed while it was being read");
    size_ = transfer.total;
  } else if (transfer.body_offset < transfer.want_end) {
    size_ = transfer.body_offset;  // no size announced, and fewer bytes than asked for: the end
  }
  return Ok{};
}

Error HttpByteSource::transfer_error(int curl_code, const Transfer& transfer) {
  const auto rc = static_cast<CURLcode>(curl_code);
  // libcurl's words only when it, not one of our callbacks, stopped the transfer.
  std::string detail;
  if (!transfer.error) detail = error_buffer_[0] != '\0' ? std::string(error_buffer_.data()) : curl_.easy_strerror(rc);
  Error error;
  if (transfer.error) {
    error = *transfer.error;
  } else if (!transfer.refused_address.empty()) {
    error = Error{Errc::kForbidden, "the source's address is not allowed"};
  } else {
    switch (rc) {
      case CURLE_OPERATION_TIMEDOUT:
        // The deadline's timer, or the connect / low-speed limits (the idle timeout) well before it.
        error = Clock::now() + std::chrono::milliseconds(50) >= options_.deadline
                    ? Error{Errc::kTimeout, "deadline passed"}
                    : Error{Errc::kTimeout, "the source stalled: under 1 KiB/s for " +
                                                std::to_string(options_.idle_timeout.count()) + " ms"};
        break;
      case CURLE_COULDNT_RESOLVE_HOST: error = Error{Errc::kIo, "the source's host name cannot be resolved"}; break;
      case CURLE_COULDNT_CONNECT: error = Error{Errc::kIo, "cannot connect to the source"}; break;
      case CURLE_UNSUPPORTED_PROTOCOL:
        error = Error{Errc::kForbidden, "the source (or its redirect) uses a protocol that is not allowed"};
        break;
      case CURLE_TOO_MANY_REDIRECTS:
        error = Error{Errc::kIo, "the source redirected more than " + std::to_string(kMaxRedirects) + " times"};
        break;
      case CURLE_URL_MALFORMAT: error = Error{Errc::kInvalidArgument, "the source URL is malformed"}; break;
      default: error = Error{Errc::kIo, "reading the source failed"}; break;
    }
  }
  // Where and why go to the log through the detail; the message stays safe for a client.
  std::string where = tg::redact_url(url_);
  if (!transfer.refused_address.empty()) where += " (refused address " + transfer.refused_address + ")";
  error.detail = where + (detail.empty() ? "" : ": " + tg::redact_urls_in(detail)) +
                 (error.detail.empty() ? "" : "; " + error.detail);
  return error;
}

size_t HttpByteSource::on_header(char* data, size_t size, size_t count, void* user) {
  auto* self = static_cast<HttpByteSource*>(user);
  Transfer* t = self->active_;
  const size_t n = size * count;
  if (!t) return n;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    // Each answer (a redirect, an interim 1xx, the final one) starts over.
    t->status = 0;
    t->content_range.clear();
    auto space = line.find(' ');
    if (space != std::string_view::npos && line.size() >= space + 4) {
      std::string code(line.substr(space + 1, 3));
      t->status = std::atoi(code.c_str());
    }
    return n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name == "content-range") {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    t->content_range.assign(value);
  }
  return n;
}

size_t HttpByteSource::on_body(char* data, size_t size, size_t count, void* user) {
  auto* self = static_cast<HttpByteSource*>(user);
  Transfer* t = self->active_;
  const size_t n = size * count;
  if (!t) return 0;
  return self->take_body(*t, data, n) ? n : 0;
}

bool HttpByteSource::take_body(Transfer& t, const char* data, size_t size) {
  if (!t.body_started) {
    t.body_started = true;
    if (t.status == 206) {
      int64_t first = -1;
      if (!parse_content_range(t.content_range, first, t.total) || first != t.from) {
        t.error = Error{Errc::kIo, "the source answered another range than the one asked for"};
        return false;
      }
      t.body_offset = first;
    } else if (t.status == 200) {
      // Range ignored: the body is the whole source from its first byte.
      t.body_offset = 0;
      curl_off_t length = -1;
      if (curl_.easy_getinfo(handle_.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length >= 0) {
        t.total = static_cast<int64_t>(length);
      }
      if (!spool_) {
        spool_.reset(std::tmpfile());
        if (!spool_) {
          t.error = Error{Errc::kIo, "cannot make a temporary copy of the source"};
          return false;
        }
        spooled_ = 0;
        buffer_.clear();
        t.want_end = std::min(kMaxSpool, std::max(t.want_end, t.from + kFirstChunk));
      }
    } else {
      // 416 (past the end) and errors: the body is not wanted.
      if (t.status == 416) t.stopped_on_purpose = true;
      else t.error = status_error(t.status);
      return false;
    }
  }
  if (!spool_) {
    // A server may answer a longer range than asked for: what was asked for is kept, the rest not read.
    const int64_t room = t.want_end - t.from - static_cast<int64_t>(buffer_.size());
    const int64_t take = std::min<int64_t>(room, static_cast<int64_t>(size));
    buffer_.insert(buffer_.end(), data, data + take);
    t.body_offset += take;
    if (take < static_cast<int64_t>(size)) {
      t.stopped_on_purpose = true;
      return false;
    }
    return true;
  }
  int64_t offset = t.body_offset;
  t.body_offset += static_cast<int64_t>(size);
  // Bytes already kept are skipped; new ones are appended up to what this transfer wants.
  int64_t skip = std::max<int64_t>(0, spooled_ - offset);
  if (skip >= static_cast<int64_t>(size)) return true;
  if (offset + skip != spooled_) {
    t.error = Error{Errc::kIo, "the source answered another range than the one asked for"};
    return false;
  }
  const int64_t take = std::min<int64_t>(static_cast<int64_t>(size) - skip, t.want_end - spooled_);
  if (take > 0) {
    ssize_t written = ::pwrite(fileno(spool_.get()), data + skip, static_cast<size_t>(take), spooled_);
    if (written != take) {
      t.error = Error{Errc::kIo, "cannot write the temporary copy of the source"};
      return false;
    }
    spooled_ += take;
  }
  if (spooled_ >= t.want_end) {
    if (spooled_ >= kMaxSpool && (t.total < 0 || t.total > kMaxSpool)) {
      t.error = Error{Errc::kUnsupported, "the source ignores range requests and is larger than 1 GiB"};
      return false;
    }
    t.stopped_on_purpose = true;
    return false;
  }
  return true;
}

int HttpByteSource::on_progress(void* user, curl_off_t, curl_off_t now_received, curl_off_t, curl_off_t) {
  auto* self = static_cast<HttpByteSource*>(user);
  Transfer* t = self->active_;
  if (!t) return 0;
  const auto now = Clock::now();
  if (self->options_.cancel && self->options_.cancel->load()) {
    t->error = Error{Errc::kCancelled, "cancelled"};
    return 1;
  }
  if (now >= self->options_.deadline) {
    t->error = Error{Errc::kTimeout, "deadline passed"};
    return 1;
  }
  if (now_received != t->received) {
    t->received = now_received;
    t->last_progress = now;
  } else if (now - t->last_progress >= self->options_.idle_timeout) {
    t->error = Error{Errc::kTimeout, "the source stalled: nothing received for " +
                                         std::to_string(self->options_.idle_timeout.count()) + " ms"};
    return 1;
  }
  return 0;
}

}  // namespace tg::engine
