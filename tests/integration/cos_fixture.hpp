#pragma once
// Set-up for the COS GetSnapshot tests: buckets over generated clips, a signing client that addresses a
// bucket by Host header (virtual-hosted style on 127.0.0.1), and a raw HTTP/1.1 client for absolute-form
// targets and HEAD.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "integration/gateway_fixture.hpp"
#include "signing/cos_signature.hpp"

namespace tg::testing {

inline constexpr const char* kCosBucket = "examplebucket-1250000000";
inline constexpr const char* kCosPublicBucket = "publicbucket-1250000000";
inline constexpr const char* kCosHost = "examplebucket-1250000000.cos.ap-beijing.myqcloud.com";
inline constexpr const char* kCosPublicHost = "publicbucket-1250000000.cos.ap-guangzhou.myqcloud.com";
inline constexpr const char* kCosSecretId = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q";
inline constexpr const char* kCosSecretKey = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";
inline constexpr const char* kCosPublicOnlyId = "AKIDpubliconly000000000000000000000";
inline constexpr const char* kCosPublicOnlyKey = "publiconlysecretkey0000000000000";

struct CosSigning {
  std::string secret_id = kCosSecretId;
  std::string secret_key = kCosSecretKey;
  int64_t start_offset_s = -60;  // q-sign-time start relative to now
  int64_t end_offset_s = 3600;
  bool in_query = false;  // the q-* fields in the query instead of the Authorization header
  bool anonymous = false;
};

struct CosQuery {
  std::string object_path = "/clip.mp4";  // decoded path with its leading '/'
  std::vector<std::pair<std::string, std::string>> params;  // decoded
  std::string host = kCosHost;
  std::string method = "GET";
};

/// The XML <Code> of a COS error body, "" when there is none.
inline std::string cos_code(const std::string& body) {
  auto a = body.find("<Code>");
  auto b = body.find("</Code>");
  if (a == std::string::npos || b == std::string::npos || b < a) return "";
  return body.substr(a + 6, b - a - 6);
}

inline std::vector<uint8_t> bytes_of(const std::string& body) { return {body.begin(), body.end()}; }

class CosFixture : public GatewayFixture {
 protected:
  void SetUp() override {
    GatewayFixture::SetUp();
    bucket_dir_ = dir_ + "/media/cos/examplebucket";
    std::filesystem::create_directories(bucket_dir_ + "/folder");
    std::filesystem::create_directories(dir_ + "/media/public");
    std::string clip = clip_path(ClipKind::kH264Short);
    std::string rotated = clip_path(ClipKind::kRotated90);
    ASSERT_FALSE(clip.empty());
    ASSERT_FALSE(rotated.empty());
    std::filesystem::copy_file(clip, bucket_dir_ + "/clip.mp4");
    std::filesystem::copy_file(clip, bucket_dir_ + "/folder/a b(1).mp4");
    std::filesystem::copy_file(rotated, bucket_dir_ + "/rotated.mp4");
    std::filesystem::copy_file(clip, dir_ + "/media/public/clip.mp4");
    std::filesystem::copy_file(clip, dir_ + "/media/outside.mp4");
    std::filesystem::create_symlink(dir_ + "/media/outside.mp4", bucket_dir_ + "/link-out.mp4");
    std::ofstream(bucket_dir_ + "/notes.mp4") << "this is not a video at all";
  }

  /// The "cos" config member; `pool` overrides engine_threads/max_inflight etc. (JSON members, no braces).
  std::string cos_json(const std::string& pool = "") const {
    return std::string(R"(,"cos":{"buckets":[)") +
           R"({"name":")" + kCosBucket + R"(","region":"ap-beijing","root":"cos/examplebucket",)" +
           R"("acl":"private","domains":["img.example.test","localhost"]},)" +
           R"({"name":")" + kCosPublicBucket + R"(","region":"ap-guangzhou","root":")" + dir_ +
           R"(/media/public","acl":"public-read"}],)" +
           R"("credentials":[{"secret_id":")" + kCosSecretId + R"(","secret_key":")" + kCosSecretKey + R"("},)" +
           R"({"secret_id":")" + kCosPublicOnlyId + R"(","secret_key":")" + kCosPublicOnlyKey +
           R"(","buckets":[")" + kCosPublicBucket + R"("]}])" + (pool.empty() ? "" : "," + pool) + "}";
  }

  void start_cos(const std::string& pool = "") { start(cos_json(pool)); }

  /// The query string (encoded) and Authorization header value for `q` signed per `s`.
  std::pair<std::string, std::string> signed_parts(const CosQuery& q, const CosSigning& s) const {
    std::string query;
    auto add = [&query](const std::string& k, const std::string& v) {
      if (!query.empty()) query += "&";
      query += signing::cos_url_encode(k) + "=" + signing::cos_url_encode(v);
    };
    for (const auto& [k, v] : q.params) add(k, v);
    if (s.anonymous) return {query, ""};
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    const std::string key_time = std::to_string(now + s.start_offset_s) + ";" + std::to_string(now + s.end_offset_s);
    signing::Params headers{{"host", q.host}};
    auto parts = signing::cos_sign(s.secret_key, key_time, q.method, q.object_path, q.params, headers);
    std::string auth = signing::cos_authorization_value(s.secret_id, key_time, key_time, parts);
    if (!s.in_query) return {query, auth};
    if (!query.empty()) query += "&";
    query += auth_as_query(auth);
    return {query, ""};
  }

  /// "q-sign-algorithm=sha1&q-ak=…" with each value URL-encoded (the header value's ';' kept apart).
  static std::string auth_as_query(const std::string& auth) {
    std::string out;
    std::size_t start = 0;
    while (start < auth.size()) {
      std::size_t amp = auth.find('&', start);
      if (amp == std::string::npos) amp = auth.size();
      std::string pair = auth.substr(start, amp - start);
      std::size_t eq = pair.find('=');
      if (!out.empty()) out += "&";
      out += pair.substr(0, eq + 1) + signing::cos_url_encode(pair.substr(eq + 1));
      start = amp + 1;
    }
    return out;
  }

  static std::string encode_path(const std::string& path) {
    std::string out;
    for (char c : path) {
      if (c == '/') {
        out += c;
      } else {
        out += signing::cos_url_encode(std::string(1, c));
      }
    }
    return out;
  }

  /// GET the snapshot through 127.0.0.1 with the bucket named by the Host header.
  HttpResult cos_get(const CosQuery& q, const CosSigning& s = {}) const {
    auto [query, auth] = signed_parts(q, s);
    std::string url = server_->base_url() + encode_path(q.object_path) + (query.empty() ? "" : "?" + query);
    std::vector<std::string> headers{"Host: " + q.host};
    if (!auth.empty()) headers.push_back("Authorization: " + auth);
    return http_get(url, headers);
  }

  /// A snapshot request for `object_path` with `params` (ci-process=snapshot first).
  static CosQuery snap(const std::string& object_path,
                       std::vector<std::pair<std::string, std::string>> params = {{"time", "1"}}) {
    CosQuery q;
    q.object_path = object_path;
    q.params.insert(q.params.begin(), {"ci-process", "snapshot"});
    for (auto& p : params) q.params.push_back(std::move(p));
    return q;
  }

  /// Sends `request_text` on a fresh loopback connection and returns everything the server answers
  /// until it closes the connection (the request should say "Connection: close").
  std::string raw_exchange(const std::string& request_text) const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server_->port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd);
      return "";
    }
    timeval tv{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::send(fd, request_text.data(), request_text.size(), 0);
    std::string out;
    char buf[65536];
    for (;;) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
  }

  std::string bucket_dir_;
};

}  // namespace tg::testing
