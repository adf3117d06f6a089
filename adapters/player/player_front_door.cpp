#include "adapters/player/player_front_door.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "adapters/common/bucket_object.hpp"
#include "adapters/player/auto_format.hpp"
#include "adapters/player/duration_checks.hpp"
#include "adapters/player/engine_support.hpp"
#include "adapters/player/player_path.hpp"
#include "adapters/player/player_request_reader.hpp"
#include "adapters/player/player_response.hpp"
#include "adapters/player/storyboard_metadata.hpp"
#include "adapters/player/storyboard_plan.hpp"
#include "core/logger.hpp"
#include "core/metrics.hpp"
#include "core/redaction.hpp"

namespace tg::adapters::player {
namespace {

// The media a request names, as the engine opens it.
struct Media {
  std::string uri;         // canonical local path or http(s) URL
  std::string root;        // media_root for local files: the engine's open is confined to it
  bool local = false;
  int64_t size = -1;       // local files only
  int64_t mtime_ns = 0;
};

engine::SeekMode engine_seek(SeekMode mode) {
  return mode == SeekMode::kKeyframe ? engine::SeekMode::kKeyframe : engine::SeekMode::kExact;
}

// The result cache's key: the media's identity and version, then what was asked of it.
std::string cache_key(const Media& media, const std::string& params_text) {
  return tencent_ci::CosResultCache::key_for("player", media.uri, media.mtime_ns, media.size, params_text);
}

std::string thumbnail_text(const ThumbnailParams& t, Format format) {
  return "t|" + std::string(format_extension(format)) + "|" + std::to_string(t.time_ms.value_or(-1)) + "|" +
         std::to_string(t.width) + "x" + std::to_string(t.height) + "|" + std::to_string(static_cast<int>(t.fit_mode)) +
         "|" + std::to_string(static_cast<int>(t.mode)) + "|" + std::to_string(t.quality) + "|" +
         std::to_string(t.rotate) + (t.flip_h ? "h" : "") + (t.flip_v ? "v" : "");
}

std::string animated_text(const AnimatedParams& a, Format format) {
  return "g|" + std::string(format_extension(format)) + "|" + std::to_string(a.start_ms) + "-" +
         std::to_string(a.end_ms.value_or(-1)) + "|" + std::to_string(a.width) + "x" + std::to_string(a.height) + "|" +
         std::to_string(a.fps);
}

std::string sheet_text(const StoryboardPlan& plan) {
  return "s|" + std::string(format_extension(plan.sheet_format)) + "|" + std::to_string(plan.tiles) + "|" +
         std::to_string(plan.columns) + "|" + std::to_string(plan.tile_width) + "x" +
         std::to_string(plan.tile_height) + "|" + std::to_string(plan.duration_s);
}

metrics::Counter& animated_inputs() {
  static metrics::Counter& counter = metrics::default_registry().counter(
      "thumbgate_player_animated_decodes_total",
      "Animated previews made by the engine, by what was decoded: the media or its preview rendition.", {"input"});
  return counter;
}

// A rendition is smaller than its media only when the media is larger than the largest preview; a media
// longer than max_s gets none.
bool rendition_helps(const engine::MediaInfo& info, int max_s) {
  return std::max(info.display_width, info.display_height) > engine::kMaxAnimatedSide && info.duration_s <= max_s;
}

// The animation made from the media's preview rendition, when it has one that gives it.
std::optional<engine::Animation> animated_from_rendition(PreviewRenditions* renditions, const Media& media,
                                                         const engine::Source& source,
                                                         const engine::AnimatedRequest& request) {
  if (!media.local || !renditions) return std::nullopt;
  const RenditionKey key{media.uri, media.size, media.mtime_ns};
  std::optional<std::string> path = renditions->find(key);
  if (!path) return std::nullopt;
  engine::Source copy = source;
  copy.uri = *path;
  copy.root = renditions->dir();
  auto animation = engine::animated(copy, request);
  if (!animation) {
    // The media itself is asked: a start past the rendition's end (a media whose last frames could not
    // be decoded), or a rendition gone from the disk, which is forgotten and may be made again.
    if (animation.error().code != engine::Errc::kInvalidArgument) renditions->drop(key);
    return std::nullopt;
  }
  return std::move(*animation);
}

}  // namespace

PlayerFrontDoor::PlayerFrontDoor(Deps deps) : deps_(std::move(deps)) {}

bool PlayerFrontDoor::accepts(const ApiRequest& request) const { return is_player_path(request.raw_path); }

void PlayerFrontDoor::handle(ApiRequest request, Respond respond) {
  if (request.method != "GET" && request.method != "HEAD") {
    return respond(error_response(method_not_allowed("the player URLs are read with GET or HEAD")));
  }
  std::string target = request.raw_path;
  if (!request.raw_query.empty()) target += "?" + request.raw_query;
  auto read = read_player_request({.target = target, .now_s = deps_.clock.now_s()}, deps_.settings);
  if (!read) return respond(error_response(read.error()));
  PlayerRequest wanted = std::move(*read);
  const bool vary_accept = wanted.kind == Kind::kThumbnail && wanted.format == Format::kAuto;
  if (vary_accept) wanted.format = pick_auto_format(request.header("accept").value_or(""));

  Media media;
  if (auto in_bucket = bucket_media_id(wanted.media_id)) {
    // An object of a configured COS bucket, found as the COS front door finds it.
    const PlayerBucket* bucket = deps_.settings.bucket_named(in_bucket->bucket);
    auto object = bucket ? locate_bucket_object(bucket->root, deps_.resolver.media_root(), in_bucket->key)
                         : std::nullopt;
    if (!object) return respond(error_response(not_found("media", "no media has the id " + wanted.media_id)));
    media.uri = std::move(object->uri);
    media.root = std::move(object->root);
    media.local = object->local;
    media.size = object->size;
    media.mtime_ns = object->mtime_ns;
  } else {
    auto resolved = deps_.resolver.resolve_file_id(wanted.media_id);
    if (!resolved) {
      if (resolved.error() == tasks::ResolveError::kStore) {
        return respond(error_response(server_error(503, "the media table cannot be read; retry later")));
      }
      return respond(error_response(not_found("media", "no media has the id " + wanted.media_id)));
    }
    media.uri = std::move(*resolved);
    media.local = !tasks::is_http_url(media.uri);
    if (media.local) {
      struct stat st {};
      if (::stat(media.uri.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        return respond(error_response(not_found("media", "no media has the id " + wanted.media_id)));
      }
      media.root = deps_.resolver.media_root();
      media.size = st.st_size;
      media.mtime_ns = int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
    }
  }

  const std::optional<std::string> token = request.query_value("token");
  Freshness freshness;
  freshness.max_age_s = deps_.settings.max_age_s;
  freshness.is_private = token.has_value() && !deps_.settings.signed_public;
  if (media.local) freshness.modified_s = media.mtime_ns / 1000000000;
  freshness.vary_accept = vary_accept;

  auto job = [this, respond, wanted = std::move(wanted), media, token = token.value_or(""), freshness]() {
    engine::Source source;
    source.uri = media.uri;
    source.root = media.root;
    source.deadline = std::chrono::milliseconds(deps_.settings.deadline_ms);
    source.policy = &deps_.outbound.policy;
    source.idle_timeout = std::chrono::milliseconds(deps_.outbound.idle_timeout_ms);
    source.cancel = deps_.cancel;
    auto failed = [&](const engine::Error& e) {
      tg::log(LogLevel::kWarn, "player request failed",
              {{"media", wanted.media_id},
               {"input", redact_url(media.uri)},
               {"code", engine::errc_name(e.code)},
               {"reason", e.message},
               {"detail", redact_urls_in(e.detail)}});
      respond(error_response(player_error_for_engine(e)));
    };
    auto send = [&](std::string body, Format format) {
      respond(content_response(std::move(body), content_type(format), freshness));
    };

    auto info = deps_.probes.probe(source, media.size, media.mtime_ns);
    if (!info) return failed(info.error());
    auto timed = apply_duration(wanted, info->duration_s);
    if (!timed) return respond(error_response(timed.error()));

    if (const ThumbnailParams* t = timed->thumbnail()) {
      const engine::ImageFormat format = *engine_image_format(timed->format);
      const std::string key = media.local ? cache_key(media, thumbnail_text(*t, timed->format)) : "";
      if (!key.empty()) {
        if (auto hit = deps_.results.get(key)) return send(hit->bytes, timed->format);
      }
      const engine::ImageOptions options = thumbnail_options(*t, format);
      const double seconds = static_cast<double>(*t->time_ms) / 1000.0;
      engine::EngineResult<engine::Image> image = [&]() -> engine::EngineResult<engine::Image> {
        if (media.local) {
          engine::HotInputKey hot{media.uri, media.size, media.mtime_ns, options.rotate};
          return deps_.inputs.snapshot(hot, source, seconds, engine_seek(t->mode), options);
        }
        engine::SnapshotRequest one;
        one.times.push_back({seconds, false});
        one.mode = engine_seek(t->mode);
        one.image = options;
        auto images = engine::snapshot(source, one);
        if (!images) return tg::unexpected(std::move(images.error()));
        return std::move(images->front());
      }();
      if (!image) return failed(image.error());
      auto cached = std::make_shared<tencent_ci::CachedSnapshot>();
      cached->bytes.assign(image->data.begin(), image->data.end());
      cached->format = image->format;
      if (!key.empty()) deps_.results.put(key, cached);
      return send(cached->bytes, timed->format);
    }

    if (const AnimatedParams* a = timed->animated()) {
      const std::string key = media.local ? cache_key(media, animated_text(*a, timed->format)) : "";
      if (!key.empty()) {
        if (auto hit = deps_.results.get(key)) return send(hit->bytes, timed->format);
      }
      const engine::AnimatedRequest preview = animated_request(*a, timed->format);
      std::optional<engine::Animation> copy = animated_from_rendition(deps_.renditions, media, source, preview);
      animated_inputs().inc({copy ? "rendition" : "media"});
      auto animation =
          copy ? engine::EngineResult<engine::Animation>(std::move(*copy)) : engine::animated(source, preview);
      if (!animation) return failed(animation.error());
      if (media.local && deps_.renditions && rendition_helps(*info, deps_.settings.preview_rendition_max_s)) {
        deps_.renditions->want({media.uri, media.size, media.mtime_ns}, source);
      }
      auto cached = std::make_shared<tencent_ci::CachedSnapshot>();
      cached->bytes.assign(animation->data.begin(), animation->data.end());
      if (!key.empty()) deps_.results.put(key, cached);
      return send(cached->bytes, timed->format);
    }

    const StoryboardParams* s = timed->storyboard();
    if (!s) return respond(error_response(server_error(500, "this kind of picture is not known")));
    auto plan = plan_storyboard(*s, info->duration_s, info->display_width, info->display_height);
    if (!plan) return respond(error_response(plan.error()));
    if (timed->format == Format::kJson || timed->format == Format::kVtt || timed->format == Format::kM3u8) {
      const std::string sheet = storyboard_sheet_url(deps_.public_base_url, *timed, token);
      std::string body = timed->format == Format::kJson  ? render_storyboard_json(*plan, sheet)
                         : timed->format == Format::kVtt ? render_storyboard_vtt(*plan, sheet)
                                                         : render_storyboard_m3u8(*plan, sheet);
      return send(std::move(body), timed->format);
    }
    const std::string key = media.local ? cache_key(media, sheet_text(*plan)) : "";
    if (!key.empty()) {
      if (auto hit = deps_.results.get(key)) return send(hit->bytes, timed->format);
    }
    engine::SpriteRequest sprite = plan->sprite_request();
    sprite.format = *engine_image_format(plan->sheet_format);
    auto sheet = engine::sprite(source, sprite);
    if (!sheet) return failed(sheet.error());
    if (sheet->pages.empty()) {
      return respond(error_response(server_error(500, "the storyboard sheet could not be made")));
    }
    auto cached = std::make_shared<tencent_ci::CachedSnapshot>();
    cached->bytes.assign(sheet->pages.front().data.begin(), sheet->pages.front().data.end());
    cached->format = sheet->pages.front().format;
    if (!key.empty()) deps_.results.put(key, cached);
    send(cached->bytes, timed->format);
  };
  if (!deps_.pool.try_submit(std::move(job), !media.local)) {
    respond(error_response(server_error(503, "the server is busy; retry later")));
  }
}

}  // namespace tg::adapters::player
