#pragma once
// Set-up for the player URL tests: the real server with a "player" section (public media, one signed media,
// an HS256 and an RS256 key), the quick 320x240 6-second clip under two media ids, and helpers to fetch
// /v/… URLs and read their answers.

#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "adapters/player/jwt_maker.hpp"
#include "integration/gateway_fixture.hpp"
#include "support/image_probe.hpp"

namespace tg::testing {

inline constexpr const char* kPlayerSecret = "player-test-secret-0123456789abcdef";
inline constexpr const char* kPlayerMaxAge = "600";

class PlayerFixture : public GatewayFixture {
 protected:
  void SetUp() override {
    GatewayFixture::SetUp();
    std::filesystem::copy_file(dir_ + "/media/clip.mp4", dir_ + "/media/premium.mp4");
    rsa_ = jwt::rsa_pair();
  }

  /// Starts the server with the player section (`extra` members appended inside it; `media` the members of
  /// its media policies; `top` members of the config itself, before the section).
  void start_player(const std::string& extra = "", const std::string& media = R"("premium.mp4":"signed")",
                    const std::string& top = "") {
    std::string pem;
    for (char c : rsa_.public_pem) {
      if (c == '\n') {
        pem += "\\n";
      } else {
        pem.push_back(c);
      }
    }
    start(top + R"(,"player":{"policy":"public","media":{)" + media + R"(},"keys":[{"kid":"k1","alg":"HS256","secret":")" +
          std::string(kPlayerSecret) + R"("},{"kid":"k2","alg":"RS256","public_key":")" + pem +
          R"("}],"max_age_s":)" + kPlayerMaxAge + extra + "}");
  }

  std::string base() const { return server_->base_url(); }

  HttpResult get(const std::string& path_and_query, const std::vector<std::string>& headers = {}) const {
    return http_get(base() + path_and_query, headers);
  }

  /// An HS256 token (kid k1) with these claims (a JSON object's members, without braces).
  static std::string hs_token(const std::string& claims, const std::string& secret = kPlayerSecret) {
    return jwt::hs256_token(R"({"alg":"HS256","typ":"JWT","kid":"k1"})", "{" + claims + "}", secret);
  }
  std::string rs_token(const std::string& claims) const {
    return jwt::rs256_token(R"({"alg":"RS256","typ":"JWT","kid":"k2"})", "{" + claims + "}", rsa_.key.get());
  }
  static std::string claims(const std::string& sub, const std::string& aud, int64_t exp_offset_s,
                            const std::string& more = "") {
    return R"("sub":")" + sub + R"(","aud":")" + aud + R"(","exp":)" +
           std::to_string(static_cast<int64_t>(std::time(nullptr)) + exp_offset_s) + more;
  }

  /// Width, height and codec of an image answer, decoded by ffprobe.
  static std::optional<ImageInfo> image_of(const HttpResult& res) {
    return probe_image_bytes(std::vector<uint8_t>(res.body.begin(), res.body.end()));
  }

  /// The "parameter" of a player error body.
  static std::string parameter_of(const HttpResult& res) { return json_field(res.body, "error.parameter"); }
  static std::string error_type_of(const HttpResult& res) { return json_field(res.body, "error.type"); }

  /// The IMF-fixdate of `path`'s modification time, as Last-Modified must give it.
  static std::string http_mtime(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "";
    std::tm tm{};
    gmtime_r(&st.st_mtim.tv_sec, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
  }

  jwt::RsaPair rsa_;
};

}  // namespace tg::testing
