#pragma once
// What an input may be: the container formats the engine demuxes. Inputs reach libav as bytes only (a
// descriptor or a libcurl connection the engine opened), so no libav protocol is used at all. Playlists
// and every demuxer that opens further inputs by name (hls, dash, concat, image2, tee, sdp/rtp, ...) are
// not on the list: a "video" that is really a playlist would make the demuxer read
// whatever it names, files outside the media root or internal addresses included.

namespace tg::engine {

/// libav demuxer names, for AVFormatContext::format_whitelist: MP4/MOV/3GP (the mov demuxer),
/// Matroska/WebM, FLV, MPEG-TS, MPEG-PS (.mpg/.vob), AVI and ASF/WMV, the containers the vendors' APIs
/// take for video. Anything else (raw streams, still images, playlists) is refused as not media.
inline constexpr const char* kFormatAllowList = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,flv,mpegts,mpeg,avi,asf";

}  // namespace tg::engine
