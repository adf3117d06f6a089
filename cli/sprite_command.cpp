#include <filesystem>
#include <iostream>
#include <string>

#include "cli/cli_args.hpp"
#include "cli/engine_commands.hpp"
#include "engine/engine.hpp"

namespace tg::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: thumbgate sprite INPUT --interval S [--start S] [--count N] --columns C --rows R --cell WxH\n"
    "         [--padding P] [--margin M] [--color #RRGGBB] [--mode exact|keyframe] [--format jpg|png|webp|avif]\n"
    "         [--quality Q] -o 'sprite-{n}.jpg' [--vtt sprite.vtt]\n"
    "  {n} is the 1-based page number; the .vtt names pages relative to its own folder.\n";

int usage_error(const std::string& message) {
  std::cerr << "thumbgate sprite: " << message << "\n" << kUsage;
  return kExitUsage;
}

int failure(const std::string& message) {
  std::cerr << "thumbgate sprite: " << message << "\n";
  return kExitFailure;
}

// The page's path as the .vtt file should name it: relative to the .vtt's folder.
std::string name_for_vtt(const std::string& page_path, const std::string& vtt_path) {
  std::error_code ec;
  fs::path page = fs::absolute(page_path, ec);
  fs::path dir = fs::absolute(vtt_path, ec).parent_path();
  if (ec) return fs::path(page_path).filename().string();
  fs::path rel = page.lexically_normal().lexically_relative(dir.lexically_normal());
  return rel.empty() ? page.filename().string() : rel.generic_string();
}

}  // namespace

int run_sprite_command(int argc, char** argv) {
  ParsedArgs args(argc, argv,
                  {"interval", "start", "count", "columns", "rows", "cell", "padding", "margin", "color",
                   "mode", "format", "quality", "o", "output", "vtt", "timeout", "rotate"},
                  {}, {"help", "h"});
  if (!args.error().empty()) return usage_error(args.error());
  if (args.has("help") || args.has("h")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (args.positionals().size() != 1) return usage_error("exactly one INPUT is needed");
  auto out = args.get("o") ? args.get("o") : args.get("output");
  if (!out || out->empty()) return usage_error("-o OUT is needed");
  for (const char* required : {"interval", "columns", "rows", "cell"}) {
    if (!args.has(required)) return usage_error(std::string("--") + required + " is needed");
  }

  engine::SpriteRequest request;
  if (auto r = read_sampling_options(args, request.sampling); !r) return usage_error(r.error());
  auto columns = parse_int(*args.get("columns"), 1, 1000);
  auto rows = parse_int(*args.get("rows"), 1, 1000);
  if (!columns || !rows) return usage_error("--columns and --rows must be 1..1000");
  request.columns = *columns;
  request.rows = *rows;
  auto cell = parse_size(*args.get("cell"));
  if (!cell) return usage_error("--cell must be WxH, e.g. 160x90");
  request.cell_width = cell->first;
  request.cell_height = cell->second;
  if (auto v = args.get("padding")) {
    auto p = parse_int(*v, 0, 16384);
    if (!p) return usage_error("--padding must be 0..16384");
    request.padding = *p;
  }
  if (auto v = args.get("margin")) {
    auto m = parse_int(*v, 0, 16384);
    if (!m) return usage_error("--margin must be 0..16384");
    request.margin = *m;
  }
  if (auto v = args.get("color")) {
    auto c = parse_color(*v);
    if (!c) return usage_error("--color must be #RRGGBB");
    request.color = *c;
  }
  if (auto v = args.get("mode")) {
    auto m = parse_mode(*v);
    if (!m) return usage_error("--mode must be exact or keyframe");
    request.sampling.mode = *m;
  }
  request.format = format_from_path(*out);
  if (auto v = args.get("format")) {
    auto f = parse_format(*v);
    if (!f) return usage_error("--format must be jpg, png, webp or avif");
    request.format = *f;
  }
  if (auto v = args.get("quality")) {
    auto q = parse_int(*v, 1, 100);
    if (!q) return usage_error("--quality must be 1..100");
    request.quality = *q;
  }
  if (auto r = read_rotate_option(args, request.sampling.image.rotate); !r) return usage_error(r.error());
  engine::Source source = command_line_source(args.positionals().front());
  if (auto r = read_timeout_option(args, source); !r) return usage_error(r.error());

  auto result = engine::sprite(source, request);
  if (!result) {
    return failure(describe_error(result.error()));
  }
  const bool has_n = out->find("{n}") != std::string::npos;
  if (result->pages.size() > 1 && !has_n) {
    return failure(std::to_string(result->pages.size()) + " pages made: -o needs {n} for the page number");
  }
  std::vector<std::string> paths;
  for (size_t i = 0; i < result->pages.size(); ++i) {
    paths.push_back(expand_pattern(*out, static_cast<int>(i) + 1));
    std::string error;
    const auto& data = result->pages[i].data;
    if (!write_bytes(paths.back(), data.data(), data.size(), error)) return failure(error);
    std::cout << paths.back() << "\n";
  }
  if (auto vtt = args.get("vtt")) {
    std::string text = engine::render_webvtt(result->cues, [&](int page) {
      return name_for_vtt(paths.at(static_cast<size_t>(page)), *vtt);
    });
    std::string error;
    if (!write_bytes(*vtt, text.data(), text.size(), error)) return failure(error);
    std::cout << *vtt << "\n";
  }
  return kExitOk;
}

}  // namespace tg::cli
