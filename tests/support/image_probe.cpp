#include "support/image_probe.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/clips.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

// Value of `key=` in ffprobe's "default" output (one key=value per line), or "".
std::string field(const std::string& text, const std::string& key) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  }
  return "";
}

int to_int(const std::string& text) {
  char* end = nullptr;
  long value = std::strtol(text.c_str(), &end, 10);
  return end != text.c_str() ? static_cast<int>(value) : 0;
}

}  // namespace

std::optional<ImageInfo> probe_image(const std::string& path) {
  ToolOutput result = run_tool({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                                "stream=codec_name,width,height", "-of", "default=noprint_wrappers=1",
                                path});
  if (result.exit_code != 0) return std::nullopt;
  ImageInfo info;
  info.codec = field(result.out, "codec_name");
  info.width = to_int(field(result.out, "width"));
  info.height = to_int(field(result.out, "height"));
  if (info.codec.empty() || info.width <= 0 || info.height <= 0) return std::nullopt;
  return info;
}

std::string write_scratch_file(const std::vector<uint8_t>& bytes, const std::string& extension) {
  static std::atomic<int> counter{0};
  const std::string path = work_dir("scratch") + "/image-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter++) + extension;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  return out ? path : "";
}

std::optional<ImageInfo> probe_image_bytes(const std::vector<uint8_t>& bytes) {
  const std::string path = write_scratch_file(bytes, ".img");
  if (path.empty()) return std::nullopt;
  auto info = probe_image(path);
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return info;
}

double psnr_against(const std::string& image_a, const std::string& image_b) {
  return psnr_many(image_a, {image_b}).front();
}

std::vector<double> psnr_many(const std::string& image, const std::vector<std::string>& references) {
  const size_t n = references.size();
  std::vector<double> result(n, -1);
  if (n == 0) return result;
  // Graph: input 0 split n ways, each copy against one reference. Filters are numbered in the order they
  // are parsed (split is 0, then psnr 1..n), and each psnr logs "[Parsed_psnr_<k> @ ..] ... average:<v>".
  std::vector<std::string> args = {"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "info", "-i", image};
  for (const auto& ref : references) {
    args.push_back("-i");
    args.push_back(ref);
  }
  std::string graph = "[0:v]split=" + std::to_string(n);
  for (size_t i = 0; i < n; ++i) graph += "[g" + std::to_string(i) + "]";
  for (size_t i = 0; i < n; ++i) {
    graph += ";[g" + std::to_string(i) + "][" + std::to_string(i + 1) + ":v]psnr[o" + std::to_string(i) + "]";
  }
  args.push_back("-filter_complex");
  args.push_back(graph);
  for (size_t i = 0; i < n; ++i) {
    args.insert(args.end(), {"-map", "[o" + std::to_string(i) + "]", "-f", "null", "-"});
  }
  ToolOutput run = run_tool(args);
  if (run.exit_code != 0) return result;

  std::istringstream lines(run.err);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t tag = line.find("[Parsed_psnr_");
    const size_t at = line.find("average:");
    if (tag == std::string::npos || at == std::string::npos) continue;
    const int k = to_int(line.substr(tag + 13));
    if (k < 1 || static_cast<size_t>(k) > n) continue;
    const std::string value = line.substr(at + 8);
    double psnr = -1;
    if (value.rfind("inf", 0) == 0) {
      psnr = 99;
    } else {
      char* end = nullptr;
      psnr = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || !std::isfinite(psnr)) psnr = -1;
    }
    result[static_cast<size_t>(k - 1)] = std::min(psnr, 99.0);
  }
  return result;
}

}  // namespace tg::testing
