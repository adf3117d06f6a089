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
  // The psnr filter logs its summary at info level on stderr: "... average:41.23 min:... max:...".
  ToolOutput result = run_tool({"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "info", "-i", image_a,
                                "-i", image_b, "-lavfi", "[0:v][1:v]psnr", "-f", "null", "-"});
  if (result.exit_code != 0) return -1;
  const std::string key = "average:";
  const size_t at = result.err.rfind(key);
  if (at == std::string::npos) return -1;
  const std::string value = result.err.substr(at + key.size(), 16);
  if (value.rfind("inf", 0) == 0) return 99;
  char* end = nullptr;
  double psnr = std::strtod(value.c_str(), &end);
  if (end == value.c_str() || !std::isfinite(psnr)) return -1;
  return std::min(psnr, 99.0);
}

}  // namespace tg::testing
