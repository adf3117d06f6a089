#pragma once
// The bytes of an http(s) URL, read with libcurl in range requests on one reused connection. Every
// connection (the first, a reconnect, each redirect's) goes only to an address the outbound policy
// allows, checked on the address actually connected to, so a name that resolves or re-resolves to
// 127.0.0.1 or 169.254.169.254 is refused. Redirects are followed (at most 5, http and https only) and
// later requests go straight to where the last one ended.
//
// Sequential reads fetch growing chunks (256 KiB doubling to 4 MiB); a read elsewhere starts again at
// 256 KiB. A server that ignores Range (200 instead of 206) is read from its start into an unnamed
// temporary file, asking for at least twice what was kept so far each time more is needed, up to 1 GiB.
//
// A transfer fails when nothing arrives for the idle timeout or the average stays under 1 KiB/s for it,
// when the deadline passes, or when the cancel flag is raised. Error messages never name the URL, the
// host or an address (they may be shown to clients); the server log gets those.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/address_policy.hpp"
#include "core/curl_library.hpp"
#include "core/outbound_socket.hpp"
#include "engine/byte_source.hpp"

namespace tg::engine {

class HttpByteSource final : public ByteSource {
 public:
  struct Options {
    const tg::AddressPolicy* policy = nullptr;  // nullptr = public addresses only
    std::chrono::milliseconds idle_timeout{15000};
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    const std::atomic<bool>* cancel = nullptr;
  };

  /// What the transfers did so far.
  struct Stats {
    int requests = 0;     // HTTP requests that got a final answer or failed (redirects not counted)
    int connections = 0;  // new connections made for them
  };

  /// Reads the first chunk of `url` (http or https), which tells its size and whether it exists.
  [[nodiscard]] static EngineResult<std::unique_ptr<HttpByteSource>> open(const std::string& url, Options options);

  ~HttpByteSource() override;
  HttpByteSource(const HttpByteSource&) = delete;
  HttpByteSource& operator=(const HttpByteSource&) = delete;

  EngineResult<std::size_t> read(uint8_t* buffer, std::size_t size) override;
  EngineResult<Ok> seek(int64_t offset) override;
  int64_t size() const override { return size_; }

  /// A new deadline and cancel flag for the transfers from now on.
  void arm(std::chrono::steady_clock::time_point deadline, const std::atomic<bool>* cancel);

  Stats stats() const { return stats_; }

 private:
  struct CurlCleanup {
    const CurlLibrary* curl;
    void operator()(CURL* handle) const { curl->easy_cleanup(handle); }
  };
  struct FileClose {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  struct Transfer;

  HttpByteSource(const CurlLibrary& curl, std::string url, Options options);
  EngineResult<Ok> configure();
  // Makes the bytes at `from` available in buffer_ or the spool; none when `from` is past the end.
  EngineResult<Ok> fetch(int64_t from);
  EngineResult<Ok> perform(Transfer& transfer);
  Error transfer_error(int curl_code, const Transfer& transfer);

  static size_t on_header(char* data, size_t size, size_t count, void* user);
  static size_t on_body(char* data, size_t size, size_t count, void* user);
  static int on_progress(void* user, curl_off_t, curl_off_t now, curl_off_t, curl_off_t);
  bool take_body(Transfer& transfer, const char* data, size_t size);

  const CurlLibrary& curl_;
  std::unique_ptr<CURL, CurlCleanup> handle_;
  std::string url_;  // where requests go: the given URL, then where redirects ended
  Options options_;
  Stats stats_;

  int64_t size_ = -1;
  int64_t position_ = 0;
  std::vector<uint8_t> buffer_;  // bytes [buffer_start_, buffer_start_ + size) of the source
  int64_t buffer_start_ = 0;
  int64_t next_chunk_ = 0;

  // A server that ignores Range: its bytes [0, spooled_) in an unnamed temporary file.
  std::unique_ptr<std::FILE, FileClose> spool_;
  int64_t spooled_ = 0;

  tg::OutboundSocketGuard guard_;
  Transfer* active_ = nullptr;  // the transfer the callbacks work for
  std::string error_text_;      // libcurl's detailed message (may name the host): for the log only
  std::vector<char> error_buffer_;
};

}  // namespace tg::engine
