// A player URL's request target (adapters/player/player_request_reader): the path and its media id, the
// query under the parameter limits, the token, the parameters. Whatever the target, an accepted request
// names a media id that stays beneath media_root (no empty, "." or ".." segment, no '\', '%' or control
// byte), a signed media is never served without the key's secret, the parameters are within their
// ranges, and every refusal is a bounded JSON error a client parses.

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/player/media_id.hpp"
#include "adapters/player/player_request_reader.hpp"
#include "support/fuzz_check.hpp"

namespace player = tg::adapters::player;

namespace {

constexpr int64_t kNow = 1'800'000'000;

const player::PlayerSettings& settings() {
  static const player::PlayerSettings s = [] {
    player::PlayerSettings out;
    out.enabled = true;
    out.policy = player::PlaybackPolicy::kPublic;
    out.media_policies["premium.mp4"] = player::PlaybackPolicy::kSigned;
    out.media_policies["private/"] = player::PlaybackPolicy::kSigned;
    out.media_policies["private/open/"] = player::PlaybackPolicy::kPublic;
    player::JwtKey key;
    key.kid = "k1";
    key.alg = player::JwtAlg::kHs256;
    key.secret = "fuzz-secret-that-no-input-knows-0123456789";
    out.keys.push_back(std::move(key));
    return out;
  }();
  return s;
}

void check_media_id(const std::string& id) {
  FUZZ_CHECK(!player::media_id_error(id).has_value());
  FUZZ_CHECK(!id.empty() && id.front() != '/' && id.back() != '/');
  FUZZ_CHECK(id.find("//") == std::string::npos);
  FUZZ_CHECK(id.find_first_of("\\%") == std::string::npos);
  for (unsigned char c : id) FUZZ_CHECK(c > 0x20 && c < 0x7f);
  std::string_view rest = id;
  for (;;) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    FUZZ_CHECK(!segment.empty() && segment.front() != '.');
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
}

void check_params(const player::PlayerRequest& request) {
  if (const auto* t = request.thumbnail()) {
    FUZZ_CHECK(t->width >= 0 && t->width <= player::kMaxThumbnailSide);
    FUZZ_CHECK(t->height >= 0 && t->height <= player::kMaxThumbnailSide);
    FUZZ_CHECK(t->rotate == 0 || t->rotate == 90 || t->rotate == 180 || t->rotate == 270);
    FUZZ_CHECK(t->quality >= 1 && t->quality <= 100);
    if (t->time_ms) FUZZ_CHECK(*t->time_ms >= 0 && *t->time_ms <= player::kMaxTimeSeconds * 1000);
  } else if (const auto* a = request.animated()) {
    FUZZ_CHECK(a->width >= 0 && a->width <= player::kMaxAnimatedSide);
    FUZZ_CHECK(a->height >= 0 && a->height <= player::kMaxAnimatedSide);
    FUZZ_CHECK(a->fps >= 1 && a->fps <= player::kMaxAnimatedFps);
    FUZZ_CHECK(a->start_ms >= 0);
    if (a->end_ms) FUZZ_CHECK(*a->end_ms > a->start_ms && *a->end_ms - a->start_ms <= player::kMaxAnimatedSpanMs);
  } else if (const auto* s = request.storyboard()) {
    if (s->tiles) FUZZ_CHECK(*s->tiles >= 1 && *s->tiles <= player::kMaxStoryboardTiles);
    if (s->columns) FUZZ_CHECK(*s->columns >= 1 && *s->columns <= player::kMaxStoryboardColumns);
    if (s->tile_width) {
      FUZZ_CHECK(*s->tile_width >= player::kMinStoryboardTileWidth &&
                 *s->tile_width <= player::kMaxStoryboardTileWidth);
    }
  } else {
    FUZZ_CHECK(false);
  }
}

void check_error(const player::PlayerError& error) {
  FUZZ_CHECK(error.http_status == 400 || error.http_status == 403 || error.http_status == 404);
  FUZZ_CHECK(!error.type.empty() && !error.message.empty());
  const std::string json = player::render_error_json(error);
  rapidjson::Document doc;
  FUZZ_CHECK(!doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str(), json.size()).HasParseError());
  FUZZ_CHECK(doc.IsObject() && doc.HasMember("error") && doc["error"].IsObject());
  FUZZ_CHECK(doc["error"]["message"].IsString() && doc["error"]["message"].GetStringLength() <= 1024);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  auto read = player::read_player_request({.target = target, .now_s = kNow}, settings());
  if (!read) {
    check_error(read.error());
    return 0;
  }
  FUZZ_CHECK(target.substr(0, 3) == "/v/");
  check_media_id(read->media_id);
  // No input holds a token made with the secret, so no signed media is ever served.
  FUZZ_CHECK(settings().policy_for(read->media_id) == player::PlaybackPolicy::kPublic);
  check_params(*read);
  return 0;
}
