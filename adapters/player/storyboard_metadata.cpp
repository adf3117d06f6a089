#include "adapters/player/storyboard_metadata.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <cstdio>

#include "engine/engine.hpp"

namespace tg::adapters::player {
namespace {

std::string fixed3(double value) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  return buf;
}

}  // namespace

std::string storyboard_sheet_url(std::string_view base_url, const PlayerRequest& request, std::string_view token) {
  std::string url(base_url);
  url += "/v/";
  url += request.media_id;  // media ids hold only characters a path may carry unescaped (media_id.hpp)
  url += "/storyboard.";
  const StoryboardParams* p = request.storyboard();
  url += format_extension(p ? p->sheet_format : Format::kJpeg);
  std::string query;
  auto add = [&](std::string_view name, std::string_view value) {
    query += query.empty() ? "?" : "&";
    query += name;
    query += "=";
    query += value;
  };
  if (p && p->tiles) add("tiles", std::to_string(*p->tiles));
  if (p && p->columns) add("columns", std::to_string(*p->columns));
  if (p && p->tile_width) add("width", std::to_string(*p->tile_width));
  if (!token.empty()) add("token", token);  // base64url and '.', nothing to escape
  return url + query;
}

std::string render_storyboard_json(const StoryboardPlan& plan, std::string_view sheet_url) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("url");
  w.String(sheet_url.data(), static_cast<rapidjson::SizeType>(sheet_url.size()));
  w.Key("tile_width");
  w.Int(plan.tile_width);
  w.Key("tile_height");
  w.Int(plan.tile_height);
  w.Key("duration");
  w.Double(plan.duration_s);
  w.Key("tiles");
  w.StartArray();
  for (const engine::SpriteCue& cue : plan.layout.cues) {
    w.StartObject();
    w.Key("start");
    w.Double(cue.start_s);
    w.Key("x");
    w.Int(cue.x);
    w.Key("y");
    w.Int(cue.y);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string render_storyboard_vtt(const StoryboardPlan& plan, std::string_view sheet_url) {
  const std::string url(sheet_url);
  return engine::render_webvtt(plan.layout.cues, [&](int) { return url; });
}

std::string render_storyboard_m3u8(const StoryboardPlan& plan, std::string_view sheet_url) {
  std::string out;
  out += "#EXTM3U\n";
  // Every segment's EXTINF, rounded, must be at most the target duration (RFC 8216 4.3.3.1).
  out += "#EXT-X-TARGETDURATION:" + std::to_string(static_cast<long long>(std::ceil(plan.duration_s))) + "\n";
  out += "#EXT-X-VERSION:7\n";
  out += "#EXT-X-MEDIA-SEQUENCE:1\n";
  out += "#EXT-X-PLAYLIST-TYPE:VOD\n";
  out += "#EXT-X-IMAGES-ONLY\n";
  out += "#EXTINF:" + fixed3(plan.duration_s) + ",\n";
  out += "#EXT-X-TILES:RESOLUTION=" + std::to_string(plan.tile_width) + "x" + std::to_string(plan.tile_height) +
         ",LAYOUT=" + std::to_string(plan.columns) + "x" + std::to_string(plan.rows) +
         ",DURATION=" + fixed3(plan.interval_s) + "\n";
  out += std::string(sheet_url) + "\n";
  out += "#EXT-X-ENDLIST\n";
  return out;
}

}  // namespace tg::adapters::player
