#include <cstdio>
#include <iostream>
#include <string>

#include "cli/cli_args.hpp"
#include "cli/engine_commands.hpp"
#include "engine/engine.hpp"

namespace tg::cli {
namespace {

constexpr const char* kUsage =
    "usage: thumbgate rendition INPUT [--max-side N] [--crf N] [--threads N] [--timeout S] -o OUT.mp4\n"
    "  The preview rendition the player URLs make of a media for its animated previews: every frame,\n"
    "  fitted inside N x N (default 640), H.264 with a keyframe every second.\n";

int usage_error(const std::string& message) {
  std::cerr << "thumbgate rendition: " << message << "\n" << kUsage;
  return kExitUsage;
}

}  // namespace

int run_rendition_command(int argc, char** argv) {
  ParsedArgs args(argc, argv, {"max-side", "crf", "o", "output", "timeout", "threads"}, {}, {"help", "h"});
  if (!args.error().empty()) return usage_error(args.error());
  if (args.has("help") || args.has("h")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (args.positionals().size() != 1) return usage_error("exactly one INPUT is needed");
  auto out = args.get("o") ? args.get("o") : args.get("output");
  if (!out || out->empty()) return usage_error("-o OUT.mp4 is needed");

  engine::RenditionRequest request;
  // Written beside OUT and renamed when complete: a failure leaves OUT as it was.
  request.out_path = *out + ".part";
  request.encoder_threads = 0;
  if (auto v = args.get("max-side")) {
    auto n = parse_int(*v, 16, 4096);
    if (!n) return usage_error("--max-side must be 16..4096");
    request.max_side = *n;
  }
  if (auto v = args.get("crf")) {
    auto n = parse_int(*v, 0, 51);
    if (!n) return usage_error("--crf must be 0..51");
    request.crf = *n;
  }
  engine::Source source = command_line_source(args.positionals().front());
  if (auto v = args.get("threads")) {
    auto n = parse_int(*v, 0, 64);
    if (!n) return usage_error("--threads must be 0 (one per core) .. 64");
    source.decoder_threads = *n;
    request.encoder_threads = *n;
  }
  if (auto r = read_timeout_option(args, source); !r) return usage_error(r.error());

  auto rendition = engine::make_preview_rendition(source, request);
  if (!rendition) {
    std::remove(request.out_path.c_str());
    std::cerr << "thumbgate rendition: " << describe_error(rendition.error()) << "\n";
    return rendition.error().code == engine::Errc::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  if (std::rename(request.out_path.c_str(), out->c_str()) != 0) {
    std::remove(request.out_path.c_str());
    std::cerr << "thumbgate rendition: cannot write " << *out << "\n";
    return kExitFailure;
  }
  std::printf("%s\t%dx%d\t%lld frames\t%lld bytes\n", out->c_str(), rendition->width, rendition->height,
              static_cast<long long>(rendition->frames), static_cast<long long>(rendition->bytes));
  return kExitOk;
}

}  // namespace tg::cli
