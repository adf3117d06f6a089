#pragma once
// Facts about encoded images, and how alike two images are, measured with the ffprobe/ffmpeg CLIs (the
// reference tools) so tests never judge the engine's output with the engine's own code.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tg::testing {

struct ImageInfo {
  int width = 0;
  int height = 0;
  std::string codec;  // ffprobe's codec name: "mjpeg", "png", ...
};

/// Size and codec of the image file at `path`; nullopt when ffprobe cannot read it as an image.
std::optional<ImageInfo> probe_image(const std::string& path);

/// The same for encoded image bytes (written to a scratch file in the build tree first).
std::optional<ImageInfo> probe_image_bytes(const std::vector<uint8_t>& bytes);

/// Writes `bytes` to a fresh scratch file in the build tree named with `extension` (e.g. ".png");
/// returns its path, or "" on failure.
std::string write_scratch_file(const std::vector<uint8_t>& bytes, const std::string& extension);

/// PSNR (dB, over all planes) of two images of the same size, from the ffmpeg `psnr` filter; identical
/// images give 99. Returns -1 when ffmpeg fails (missing file, different sizes, ...).
double psnr_against(const std::string& image_a, const std::string& image_b);

/// PSNR of `image` against each of `references` in one ffmpeg run, in the order given (-1 for each when
/// ffmpeg fails, e.g. because the sizes differ).
std::vector<double> psnr_many(const std::string& image, const std::vector<std::string>& references);

}  // namespace tg::testing
