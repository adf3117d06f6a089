#include "adapters/player/player_response.hpp"

#include <ctime>

#include "signing/digest.hpp"

namespace tg::adapters::player {

std::string strong_etag(std::string_view body) {
  return "\"" + signing::sha256_hex(body).substr(0, 32) + "\"";
}

std::string http_date(int64_t unix_s) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7], tm.tm_mday,
                kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

ApiResponse content_response(std::string body, std::string_view content_type, const Freshness& freshness) {
  ApiResponse r;
  r.content_type = std::string(content_type);
  r.headers.emplace_back("ETag", strong_etag(body));
  r.headers.emplace_back("Cache-Control", std::string(freshness.is_private ? "private" : "public") +
                                              ", max-age=" + std::to_string(freshness.max_age_s));
  if (freshness.modified_s) r.headers.emplace_back("Last-Modified", http_date(*freshness.modified_s));
  if (freshness.vary_accept) r.headers.emplace_back("Vary", "Accept");
  r.body = std::move(body);
  return r;
}

ApiResponse error_response(const PlayerError& error) {
  ApiResponse r;
  r.status = error.http_status;
  r.content_type = "application/json";
  r.headers.emplace_back("Cache-Control", "no-store");
  if (error.http_status == 405) r.headers.emplace_back("Allow", "GET, HEAD");
  if (error.http_status == 503) r.headers.emplace_back("Retry-After", "1");
  r.body = render_error_json(error);
  return r;
}

}  // namespace tg::adapters::player
