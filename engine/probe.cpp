#include "engine/engine.hpp"
#include "engine/input_opener.hpp"
#include "engine/rotation.hpp"
#include "engine/size_planner.hpp"

namespace tg::engine {

EngineResult<MediaInfo> probe(const Source& source) {
  TG_TRY_ASSIGN(auto opened, OpenedInput::open(source));
  OpenedInput& in = *opened;
  const AVStream* st = in.stream();
  const AVCodecParameters* par = st->codecpar;
  Orientation orientation = stream_orientation(st);
  AVRational sar = st->sample_aspect_ratio.num > 0 ? st->sample_aspect_ratio : par->sample_aspect_ratio;
  SourceGeometry geometry{par->width, par->height, sar.num, sar.den, orientation.transpose};
  TG_TRY_ASSIGN(auto display, display_size(geometry));

  MediaInfo info;
  info.duration_s = in.duration_s();
  info.start_time_s = static_cast<double>(in.start_pts()) * in.time_base_s();
  info.coded_width = par->width;
  info.coded_height = par->height;
  info.display_width = display.display_width;
  info.display_height = display.display_height;
  info.rotation_degrees = orientation.degrees;
  info.codec = avcodec_get_name(par->codec_id);
  AVRational rate = st->avg_frame_rate.num > 0 ? st->avg_frame_rate : st->r_frame_rate;
  info.frame_rate = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0;
  return info;
}

}  // namespace tg::engine
