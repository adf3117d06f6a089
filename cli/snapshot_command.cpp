#include <cstdio>
#include <iostream>
#include <string>

#include "cli/cli_args.hpp"
#include "cli/engine_commands.hpp"
#include "engine/engine.hpp"

namespace tg::cli {
namespace {

constexpr const char* kUsage =
    "usage: thumbgate snapshot INPUT (--time T [--time T2 ...] | --interval S [--start S] [--count N])\n"
    "         [--mode exact|keyframe] [--width W] [--height H] [--fit stretch|pad|preserve|crop]\n"
    "         [--format jpg|png|webp|avif] [--quality Q] [--rotate auto|off] [--turn 90|180|270]\n"
    "         [--flip h|v|hv] [--threads N] [--timeout S] -o OUT\n"
    "  T is seconds (12.5) or a share of the duration (10%); S may be a share too (10%).\n"
    "  With several times or --interval, OUT must contain {n} (replaced by 0, 1, ...).\n";

int usage_error(const std::string& message) {
  std::cerr << "thumbgate snapshot: " << message << "\n" << kUsage;
  return kExitUsage;
}

int engine_error(const engine::Error& e) {
  std::cerr << "thumbgate snapshot: " << describe_error(e) << "\n";
  return kExitFailure;
}

// Writes one image to the file for index `n` and reports it on stdout.
bool save(const std::string& pattern, int n, const engine::Image& image) {
  const std::string path = expand_pattern(pattern, n);
  std::string error;
  if (!write_bytes(path, image.data.data(), image.data.size(), error)) {
    std::cerr << "thumbgate snapshot: " << error << "\n";
    return false;
  }
  std::printf("%s\t%.3f\t%.3f\t%dx%d\n", path.c_str(), image.requested_s, image.frame_s, image.width,
              image.height);
  return true;
}

}  // namespace

int run_snapshot_command(int argc, char** argv) {
  ParsedArgs args(argc, argv,
                  {"time", "interval", "start", "count", "mode", "width", "height", "format", "quality",
                   "rotate", "o", "output", "max-length", "timeout", "threads", "fit", "turn", "flip"},
                  {"time"}, {"help", "h"});
  if (!args.error().empty()) return usage_error(args.error());
  if (args.has("help") || args.has("h")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (args.positionals().size() != 1) return usage_error("exactly one INPUT is needed");
  const std::string input = args.positionals().front();
  auto out = args.get("o") ? args.get("o") : args.get("output");
  if (!out || out->empty()) return usage_error("-o OUT is needed");

  const bool by_time = args.has("time");
  const bool by_interval = args.has("interval");
  if (by_time == by_interval) return usage_error("give --time or --interval (one of them)");
  if (by_time && (args.has("start") || args.has("count"))) {
    return usage_error("--start and --count go with --interval");
  }

  engine::ImageOptions image;
  image.format = format_from_path(*out);
  if (auto v = args.get("format")) {
    auto f = parse_format(*v);
    if (!f) return usage_error("--format must be jpg, png, webp or avif");
    image.format = *f;
  }
  if (auto v = args.get("width")) {
    auto w = parse_int(*v, 0, 16384);
    if (!w) return usage_error("--width must be 0..16384");
    image.width = *w;
  }
  if (auto v = args.get("height")) {
    auto h = parse_int(*v, 0, 16384);
    if (!h) return usage_error("--height must be 0..16384");
    image.height = *h;
  }
  if (auto v = args.get("max-length")) {
    auto m = parse_int(*v, 0, 16384);
    if (!m) return usage_error("--max-length must be 0..16384");
    image.max_length = *m;
  }
  if (auto v = args.get("quality")) {
    auto q = parse_int(*v, 1, 100);
    if (!q) return usage_error("--quality must be 1..100");
    image.quality = *q;
  }
  if (auto r = read_rotate_option(args, image.rotate); !r) return usage_error(r.error());
  if (auto v = args.get("fit")) {
    auto f = parse_fit(*v);
    if (!f) return usage_error("--fit must be stretch, pad, preserve or crop");
    image.fit = *f;
  }
  if (auto v = args.get("turn")) {
    auto t = parse_int(*v, 0, 270);
    if (!t || *t % 90 != 0) return usage_error("--turn must be 0, 90, 180 or 270");
    image.turn_degrees = *t;
  }
  if (auto v = args.get("flip")) {
    if (*v != "h" && *v != "v" && *v != "hv" && *v != "vh") return usage_error("--flip must be h, v or hv");
    image.flip_h = v->find('h') != std::string::npos;
    image.flip_v = v->find('v') != std::string::npos;
  }
  engine::SeekMode mode = engine::SeekMode::kExact;
  if (auto v = args.get("mode")) {
    auto m = parse_mode(*v);
    if (!m) return usage_error("--mode must be exact or keyframe");
    mode = *m;
  }
  engine::Source source = command_line_source(input);
  if (auto v = args.get("threads")) {
    auto n = parse_int(*v, 0, 64);
    if (!n) return usage_error("--threads must be 0 (one per core) .. 64");
    source.decoder_threads = *n;
  }
  if (auto r = read_timeout_option(args, source); !r) return usage_error(r.error());
  const bool has_n = out->find("{n}") != std::string::npos;

  if (by_time) {
    engine::SnapshotRequest request;
    request.mode = mode;
    request.image = image;
    for (const std::string& t : args.all("time")) {
      auto point = parse_time_point(t);
      if (!point) return usage_error("bad --time " + t + " (seconds like 12.5, or a share like 10%)");
      request.times.push_back(*point);
    }
    if (request.times.size() > 1 && !has_n) return usage_error("several times need {n} in OUT");
    auto images = engine::snapshot(source, request);
    if (!images) return engine_error(images.error());
    for (size_t i = 0; i < images->size(); ++i) {
      if (!save(*out, static_cast<int>(i), (*images)[i])) return kExitFailure;
    }
    return kExitOk;
  }

  if (!has_n) return usage_error("--interval needs {n} in OUT");
  engine::SampleRequest request;
  request.mode = mode;
  request.image = image;
  if (auto r = read_sampling_options(args, request); !r) return usage_error(r.error());
  int index = 0;
  bool write_failed = false;
  auto made = engine::sample(source, request, [&](engine::Image&& im) {
    if (!save(*out, index++, im)) {
      write_failed = true;
      return false;
    }
    return true;
  });
  if (!made) return engine_error(made.error());
  return write_failed ? kExitFailure : kExitOk;
}

}  // namespace tg::cli
