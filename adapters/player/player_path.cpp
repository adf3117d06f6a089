#include "adapters/player/player_path.hpp"

#include <array>
#include <utility>

#include "adapters/common/query_string.hpp"
#include "adapters/player/media_id.hpp"

namespace tg::adapters::player {
namespace {

constexpr std::string_view kPrefix = "/v/";

struct KindFormats {
  std::string_view name;
  Kind kind;
  std::initializer_list<Format> formats;
};

const std::array<KindFormats, 3>& kinds() {
  static const std::array<KindFormats, 3> table = {{
      {"thumbnail", Kind::kThumbnail, {Format::kJpeg, Format::kPng, Format::kWebp, Format::kAvif, Format::kAuto}},
      {"animated", Kind::kAnimated, {Format::kGif, Format::kWebp}},
      {"storyboard", Kind::kStoryboard,
       {Format::kJpeg, Format::kPng, Format::kWebp, Format::kAvif, Format::kVtt, Format::kJson, Format::kM3u8}},
  }};
  return table;
}

std::string extension_list(const KindFormats& k) {
  std::string out;
  for (Format f : k.formats) {
    if (!out.empty()) out += ", ";
    out += format_extension(f);
  }
  return out;
}

}  // namespace

bool is_player_path(std::string_view path) { return path.substr(0, kPrefix.size()) == kPrefix; }

tg::Result<PlayerPath, PlayerError> parse_player_path(std::string_view path) {
  if (!is_player_path(path)) return tg::unexpected(not_found("path", "player URLs start with /v/"));
  std::string_view rest = path.substr(kPrefix.size());
  // The resource is the last segment; everything before it names the media (an id, or a path of segments).
  const auto slash = rest.rfind('/');
  if (slash == std::string_view::npos) {
    return tg::unexpected(not_found("path", "the path must be /v/{media}/{resource}.{extension}"));
  }
  std::string_view raw_media = rest.substr(0, slash);
  const std::string_view raw_file = rest.substr(slash + 1);
  // Each segment is decoded once, on its own: "%2F" becomes a '/' inside a segment, which the media id
  // check refuses, and "%252e%252e" becomes "%2e%2e", refused for its '%'.
  std::string media;
  for (;;) {
    const auto next = raw_media.find('/');
    auto segment = adapters::percent_decode(raw_media.substr(0, next), false);
    if (!segment) return tg::unexpected(invalid_parameter("media", "the media id has a malformed percent-escape"));
    if (segment->find('/') != std::string::npos) {
      return tg::unexpected(invalid_parameter("media", "a segment of the media id holds an encoded '/'"));
    }
    media += *segment;
    if (next == std::string_view::npos) break;
    media += '/';
    raw_media.remove_prefix(next + 1);
  }
  if (auto bad = media_id_error(media)) return tg::unexpected(invalid_parameter("media", *bad));

  auto file = adapters::percent_decode(raw_file, false);
  if (!file) return tg::unexpected(not_found("path", "the resource name has a malformed percent-escape"));
  const auto dot = file->find('.');
  const std::string_view name = std::string_view(*file).substr(0, dot);
  for (const KindFormats& k : kinds()) {
    if (name != k.name) continue;
    if (dot == std::string::npos) {
      return tg::unexpected(invalid_parameter("extension", std::string(k.name) + " needs an extension: " +
                                                               extension_list(k)));
    }
    const std::string_view extension = std::string_view(*file).substr(dot + 1);
    for (Format f : k.formats) {
      if (format_extension(f) == extension) return PlayerPath{std::move(media), k.kind, f};
    }
    return tg::unexpected(invalid_parameter(
        "extension", "the extension of " + std::string(k.name) + " must be one of " + extension_list(k)));
  }
  return tg::unexpected(not_found("path", "the resource must be thumbnail, animated or storyboard"));
}

}  // namespace tg::adapters::player
