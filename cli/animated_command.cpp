#include <cstdio>
#include <iostream>
#include <string>

#include "cli/cli_args.hpp"
#include "cli/engine_commands.hpp"
#include "engine/engine.hpp"

namespace tg::cli {
namespace {

constexpr const char* kUsage =
    "usage: thumbgate animated INPUT [--start S] [--end S] [--width W] [--height H] [--fps F]\n"
    "         [--format gif|webp] [--quality Q] [--rotate auto|off] [--threads N] [--timeout S] -o OUT\n"
    "  A looping preview of [start, end) (at most 10 s; end defaults to start + 5), at most 640 pixels\n"
    "  a side (both 0: 320 wide), fps up to 30 (default 15). The format follows OUT's extension.\n";

int usage_error(const std::string& message) {
  std::cerr << "thumbgate animated: " << message << "\n" << kUsage;
  return kExitUsage;
}

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

int run_animated_command(int argc, char** argv) {
  ParsedArgs args(argc, argv,
                  {"start", "end", "width", "height", "fps", "format", "quality", "rotate", "o", "output",
                   "timeout", "threads"},
                  {}, {"help", "h"});
  if (!args.error().empty()) return usage_error(args.error());
  if (args.has("help") || args.has("h")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (args.positionals().size() != 1) return usage_error("exactly one INPUT is needed");
  auto out = args.get("o") ? args.get("o") : args.get("output");
  if (!out || out->empty()) return usage_error("-o OUT is needed");

  engine::AnimatedRequest request;
  request.format = ends_with(*out, ".webp") ? engine::AnimatedFormat::kWebp : engine::AnimatedFormat::kGif;
  if (auto v = args.get("format")) {
    if (*v == "gif") request.format = engine::AnimatedFormat::kGif;
    else if (*v == "webp") request.format = engine::AnimatedFormat::kWebp;
    else return usage_error("--format must be gif or webp");
  }
  if (auto v = args.get("start")) {
    auto s = parse_seconds(*v);
    if (!s) return usage_error("--start must be seconds >= 0");
    request.start_s = *s;
  }
  request.end_s = request.start_s + 5;
  if (auto v = args.get("end")) {
    auto s = parse_seconds(*v);
    if (!s) return usage_error("--end must be seconds >= 0");
    request.end_s = *s;
  }
  if (auto v = args.get("width")) {
    auto w = parse_int(*v, 0, engine::kMaxAnimatedSide);
    if (!w) return usage_error("--width must be 0..640");
    request.width = *w;
  }
  if (auto v = args.get("height")) {
    auto h = parse_int(*v, 0, engine::kMaxAnimatedSide);
    if (!h) return usage_error("--height must be 0..640");
    request.height = *h;
  }
  if (auto v = args.get("fps")) {
    auto f = parse_seconds(*v);
    if (!f || *f <= 0 || *f > engine::kMaxAnimatedFps) return usage_error("--fps must be above 0 and at most 30");
    request.fps = *f;
  }
  if (auto v = args.get("quality")) {
    auto q = parse_int(*v, 1, 100);
    if (!q) return usage_error("--quality must be 1..100");
    request.quality = *q;
  }
  if (auto r = read_rotate_option(args, request.rotate); !r) return usage_error(r.error());
  engine::Source source = command_line_source(args.positionals().front());
  if (auto v = args.get("threads")) {
    auto n = parse_int(*v, 0, 64);
    if (!n) return usage_error("--threads must be 0 (one per core) .. 64");
    source.decoder_threads = *n;
  }
  if (auto r = read_timeout_option(args, source); !r) return usage_error(r.error());

  auto animation = engine::animated(source, request);
  if (!animation) {
    const bool bad_request = animation.error().code == engine::Errc::kInvalidArgument;
    std::cerr << "thumbgate animated: " << describe_error(animation.error()) << "\n";
    return bad_request ? kExitUsage : kExitFailure;
  }
  std::string error;
  if (!write_bytes(*out, animation->data.data(), animation->data.size(), error)) {
    std::cerr << "thumbgate animated: " << error << "\n";
    return kExitFailure;
  }
  std::printf("%s\t%.3f\t%.3f\t%dx%d\t%d frames\n", out->c_str(), animation->first_frame_s, animation->duration_s,
              animation->width, animation->height, animation->frame_count);
  return kExitOk;
}

}  // namespace tg::cli
