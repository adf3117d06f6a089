#pragma once
// The three descriptions of one storyboard sheet, each from the same plan so that they agree tile for tile:
// storyboard.json (Mux's shape), storyboard.vtt (WebVTT cues with #xywh= fragments, the engine's renderer)
// and storyboard.m3u8 (an HLS image media playlist with #EXT-X-IMAGES-ONLY and #EXT-X-TILES, as Roku's
// Image Media Playlist specification, Apple's players and Jellyfin's trickplay use it).

#include <string>
#include <string_view>

#include "adapters/player/player_request.hpp"
#include "adapters/player/storyboard_plan.hpp"

namespace tg::adapters::player {

/// The URL of the sheet the metadata of `request` (a storyboard) describes: `base_url` (the gateway's public
/// base, without a trailing '/') + /v/{media}/storyboard.{sheet format}, with the request's tiles, columns and
/// width (so the sheet has the metadata's geometry) and `token` when not empty (so a signed sheet loads).
std::string storyboard_sheet_url(std::string_view base_url, const PlayerRequest& request, std::string_view token);

/// {"url","tile_width","tile_height","duration","tiles":[{"start","x","y"}…]}.
std::string render_storyboard_json(const StoryboardPlan& plan, std::string_view sheet_url);

/// WEBVTT with one cue per tile: "start --> end" and "sheet_url#xywh=x,y,w,h".
std::string render_storyboard_vtt(const StoryboardPlan& plan, std::string_view sheet_url);

/// #EXTM3U … #EXT-X-IMAGES-ONLY, one segment (the sheet) of the whole duration with
/// #EXT-X-TILES:RESOLUTION=<tile>,LAYOUT=<columns>x<rows>,DURATION=<interval>, #EXT-X-ENDLIST.
std::string render_storyboard_m3u8(const StoryboardPlan& plan, std::string_view sheet_url);

}  // namespace tg::adapters::player
