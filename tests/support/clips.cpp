#include "support/clips.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/cluster_mode.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

namespace fs = std::filesystem;
using Args = std::vector<std::string>;

// Bumped whenever a recipe changes, so build trees never reuse a clip made by an older recipe.
constexpr const char* kRecipeVersion = "v1";

struct Recipe {
  const char* stem;       // file name without version and extension
  const char* extension;  // decides the container for ffmpeg
};

Recipe recipe_of(ClipKind kind) {
  switch (kind) {
    case ClipKind::kH264LongGop: return {"h264_long_gop", ".mp4"};
    case ClipKind::kH264Short: return {"h264_short", ".mp4"};
    case ClipKind::kHevc: return {"hevc", ".mp4"};
    case ClipKind::kVp9Webm: return {"vp9", ".webm"};
    case ClipKind::kRotated90: return {"rotated90", ".mp4"};
    case ClipKind::kAnamorphic: return {"anamorphic", ".mp4"};
    case ClipKind::kTenBit: return {"ten_bit", ".mp4"};
    case ClipKind::kStartOffset: return {"start_offset", ".ts"};
    case ClipKind::kBlackOpening: return {"black_opening", ".mp4"};
    case ClipKind::kAudioOnly: return {"audio_only", ".m4a"};
    case ClipKind::kTruncated: return {"truncated", ".mp4"};
    case ClipKind::kLongGop1080p: return {"long_gop_1080p", ".mp4"};
    case ClipKind::kPixelBombAvi: return {"pixel_bomb", ".avi"};
    case ClipKind::kPixelBombMov: return {"pixel_bomb", ".mov"};
    case ClipKind::kPixelBombLiar: return {"pixel_bomb_liar", ".avi"};
    case ClipKind::kRedQuadrant: return {"red_quadrant", ".mp4"};
    case ClipKind::kH264Wide: return {"h264_wide", ".mp4"};
  }
  return {"unknown", ".bin"};
}

Args ffmpeg() { return {"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"}; }

void append(Args& args, const Args& more) { args.insert(args.end(), more.begin(), more.end()); }

Args testsrc2(int width, int height, int seconds) {
  return {"-f", "lavfi", "-i",
          "testsrc2=size=" + std::to_string(width) + "x" + std::to_string(height) +
              ":rate=25:duration=" + std::to_string(seconds)};
}

// Fixed GOP (no scene-cut keyframes), so keyframe positions are known: 0, gop/25 s, ...
Args x264(int gop) {
  return {"-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-g", std::to_string(gop),
          "-keyint_min", std::to_string(gop), "-sc_threshold", "0"};
}

Args mp4_faststart() { return {"-movflags", "+faststart"}; }

// Runs one ffmpeg command; on failure puts its stderr into `error`.
bool run_ffmpeg(const Args& args, std::string& error) {
  ToolOutput result = run_tool(args);
  if (result.exit_code == 0) return true;
  std::string command;
  for (const auto& a : args) command += a + " ";
  error = "ffmpeg failed (exit " + std::to_string(result.exit_code) + "): " + command + "\n" + result.err;
  return false;
}

// Copies the first `share` of `from`'s bytes into `to`.
bool copy_prefix(const std::string& from, const std::string& to, double share, std::string& error) {
  std::ifstream in(from, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) {
    error = "cannot read " + from;
    return false;
  }
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(static_cast<double>(bytes.size()) * share));
  if (!out) {
    error = "cannot write " + to;
    return false;
  }
  return true;
}

Args gray_9000() { return {"-f", "lavfi", "-i", "color=c=gray:s=9000x9000:d=0.04:r=25"}; }

// Copies `from` to `to` with every width/height pair 9000x9000 in the AVI headers (the first 8 KB: avih,
// strh, strf and the OpenDML vprp) replaced by 320x240.
bool copy_with_small_headers(const std::string& from, const std::string& to, std::string& error) {
  std::ifstream in(from, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 8192) {
    error = "cannot read " + from;
    return false;
  }
  auto replace_all = [&](const std::string& what, const std::string& with) {
    int count = 0;
    for (std::size_t at = bytes.find(what); at != std::string::npos && at < 8192; at = bytes.find(what, at + 1)) {
      bytes.replace(at, what.size(), with);
      ++count;
    }
    return count;
  };
  // Little-endian 32-bit pairs (avih, strf, vprp), then the 16-bit pair of strh's rcFrame.
  int pairs = replace_all(std::string("\x28\x23\x00\x00\x28\x23\x00\x00", 8),
                          std::string("\x40\x01\x00\x00\xf0\x00\x00\x00", 8));
  pairs += replace_all(std::string("\x28\x23\x28\x23", 4), std::string("\x40\x01\xf0\x00", 4));
  if (pairs < 3) {
    error = "the AVI headers of " + from + " do not hold the expected sizes";
    return false;
  }
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  out << bytes;
  return out.good();
}

// Writes the clip to `out` (a temporary name with the right extension). `scratch` is another free
// temporary name with the same extension, for the recipes that need an intermediate file.
bool generate(ClipKind kind, const std::string& out, const std::string& scratch, std::string& error) {
  Args a = ffmpeg();
  switch (kind) {
    case ClipKind::kH264LongGop:
      append(a, testsrc2(640, 360, 12));
      append(a, x264(250));
      append(a, {"-pix_fmt", "yuv420p"});
      append(a, mp4_faststart());
      break;
    case ClipKind::kH264Short:
      append(a, testsrc2(320, 240, 6));
      append(a, x264(50));
      append(a, {"-pix_fmt", "yuv420p"});
      append(a, mp4_faststart());
      break;
    case ClipKind::kHevc:
      append(a, testsrc2(640, 360, 6));
      append(a, {"-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
                 "log-level=error:keyint=50:min-keyint=50:scenecut=0:bframes=3", "-tag:v", "hvc1",
                 "-pix_fmt", "yuv420p"});
      append(a, mp4_faststart());
      break;
    case ClipKind::kVp9Webm:
      append(a, testsrc2(640, 360, 6));
      append(a, {"-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-g", "50",
                 "-b:v", "1M", "-pix_fmt", "yuv420p"});
      break;
    case ClipKind::kRotated90: {
      // FFmpeg 5.1 writes the display matrix from the `rotate` tag only when stream copying.
      Args encode = ffmpeg();
      append(encode, testsrc2(640, 360, 4));
      append(encode, x264(50));
      append(encode, {"-pix_fmt", "yuv420p", scratch});
      if (!run_ffmpeg(encode, error)) return false;
      append(a, {"-i", scratch, "-c", "copy", "-metadata:s:v:0", "rotate=90"});
      append(a, mp4_faststart());
      break;
    }
    case ClipKind::kAnamorphic:
      append(a, testsrc2(640, 360, 4));
      append(a, {"-vf", "scale=480:360,setsar=4/3"});
      append(a, x264(50));
      append(a, {"-pix_fmt", "yuv420p"});
      append(a, mp4_faststart());
      break;
    case ClipKind::kTenBit:
      append(a, testsrc2(640, 360, 4));
      append(a, x264(50));
      append(a, {"-pix_fmt", "yuv420p10le", "-profile:v", "high10"});
      append(a, mp4_faststart());
      break;
    case ClipKind::kStartOffset:
      // No mux delay, so the first presentation timestamp is exactly 10 s.
      append(a, testsrc2(640, 360, 6));
      append(a, x264(50));
      append(a, {"-pix_fmt", "yuv420p", "-output_ts_offset", "10", "-muxdelay", "0", "-muxpreload", "0",
                 "-f", "mpegts"});
      break;
    case ClipKind::kBlackOpening:
      append(a, {"-f", "lavfi", "-i", "color=black:size=320x240:rate=25:duration=2"});
      append(a, testsrc2(320, 240, 4));
      append(a, {"-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0,format=yuv420p"});
      append(a, x264(50));
      append(a, mp4_faststart());
      break;
    case ClipKind::kRedQuadrant:
      append(a, {"-f", "lavfi", "-i",
                 "color=c=blue:size=320x240:rate=25:duration=4,drawbox=x=0:y=0:w=160:h=120:color=red:t=fill"});
      append(a, x264(50));
      append(a, {"-pix_fmt", "yuv420p"});
      append(a, mp4_faststart());
      break;
    case ClipKind::kAudioOnly:
      append(a, {"-f", "lavfi", "-i", "sine=frequency=440:duration=4", "-c:a", "aac", "-b:a", "64k"});
      break;
    case ClipKind::kTruncated: {
      // Without faststart the index (moov) sits at the end, so the first 40 % holds no index.
      Args encode = ffmpeg();
      append(encode, testsrc2(640, 360, 12));
      append(encode, x264(250));
      append(encode, {"-pix_fmt", "yuv420p", scratch});
      if (!run_ffmpeg(encode, error)) return false;
      return copy_prefix(scratch, out, 0.4, error);
    }
    case ClipKind::kH264Wide:
      append(a, testsrc2(960, 540, 6));
      append(a, x264(250));
      append(a, {"-pix_fmt", "yuv420p"});
      append(a, mp4_faststart());
      break;
    case ClipKind::kLongGop1080p:
      append(a, testsrc2(1920, 1080, 20));
      append(a, x264(250));
      append(a, {"-pix_fmt", "yuv420p"});
      append(a, mp4_faststart());
      break;
    case ClipKind::kPixelBombAvi:
      append(a, gray_9000());
      append(a, {"-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", "31"});
      break;
    case ClipKind::kPixelBombMov:
      append(a, gray_9000());
      append(a, {"-c:v", "png"});
      break;
    case ClipKind::kPixelBombLiar: {
      Args encode = ffmpeg();
      append(encode, gray_9000());
      append(encode, {"-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", "31", scratch});
      if (!run_ffmpeg(encode, error)) return false;
      return copy_with_small_headers(scratch, out, error);
    }
  }
  a.push_back(out);
  return run_ffmpeg(a, error);
}

// Holds an exclusive flock on a file for the lifetime of the object (released on close).
class FileLock {
 public:
  explicit FileLock(const std::string& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0) {
      while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
      }
    }
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool locked() const { return fd_ >= 0; }

 private:
  int fd_;
};

std::string temp_name(const std::string& dir, const std::string& file) {
  static std::atomic<int> counter{0};
  return dir + "/tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + file;
}

}  // namespace

std::string work_dir(const std::string& sub) {
  fs::path dir = fs::absolute(fs::path(TG_TEST_WORK_DIR));
  // The cluster run of a test has folders of its own (the two runs of one test may run side by side);
  // the generated clips are shared.
  if (cluster_mode() && sub.rfind("clips", 0) != 0) dir /= "cluster";
  if (!sub.empty()) dir /= sub;
  std::error_code ec;
  fs::create_directories(dir, ec);
  return dir.string();
}

std::string clip_path(ClipKind kind) {
  // Threads of one process share this; other processes are kept out by the file lock.
  static std::mutex mutex;
  std::lock_guard<std::mutex> guard(mutex);

  const Recipe recipe = recipe_of(kind);
  const std::string dir = work_dir("clips");
  const std::string file = std::string(recipe.stem) + "." + kRecipeVersion + recipe.extension;
  const std::string path = dir + "/" + file;

  std::error_code ec;
  if (fs::exists(path, ec)) return path;

  FileLock lock(path + ".lock");
  if (!lock.locked()) {
    ADD_FAILURE() << "cannot lock " << path << ".lock";
    return "";
  }
  if (fs::exists(path, ec)) return path;  // made by another process while we waited

  const std::string out = temp_name(dir, file);
  const std::string scratch = temp_name(dir, file);
  std::string error;
  bool made = generate(kind, out, scratch, error);
  fs::remove(scratch, ec);
  if (made && fs::file_size(out, ec) == 0) {
    made = false;
    error = "generated clip is empty";
  }
  if (!made) {
    fs::remove(out, ec);
    ADD_FAILURE() << "cannot generate test clip " << file << ": " << error;
    return "";
  }
  fs::rename(out, path, ec);
  if (ec) {
    fs::remove(out, ec);
    ADD_FAILURE() << "cannot rename generated clip to " << path << ": " << ec.message();
    return "";
  }
  return path;
}

std::string fresh_test_dir(const std::string& area) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "no-test";
  for (char& c : name) {
    if (c == '/') c = '_';  // parameterised test names
  }
  const std::string dir = work_dir(area + "/" + name);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  return dir;
}

}  // namespace tg::testing
