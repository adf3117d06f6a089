#include "cli/cli_args.hpp"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace tg::cli {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::optional<double> parse_number(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

ParsedArgs::ParsedArgs(int argc, char** argv, const std::vector<std::string>& known,
                       const std::vector<std::string>& repeatable, const std::vector<std::string>& flags) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() < 2 || arg[0] != '-' || arg == "-") {
      positionals_.push_back(arg);
      continue;
    }
    std::string name;
    std::optional<std::string> value;
    if (arg.rfind("--", 0) == 0) {
      auto eq = arg.find('=');
      name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      if (eq != std::string::npos) value = arg.substr(eq + 1);
    } else {
      name = arg.substr(1);
    }
    if (!contains(known, name) && !contains(flags, name)) {
      error_ = "unknown option " + arg;
      return;
    }
    if (contains(flags, name)) {
      if (value) {
        error_ = "option --" + name + " takes no value";
        return;
      }
      value = "";
    } else if (!value) {
      if (i + 1 >= argc) {
        error_ = "option " + arg + " needs a value";
        return;
      }
      value = argv[++i];
    }
    auto& slot = values_[name];
    if (!slot.empty() && !contains(repeatable, name)) {
      error_ = "option --" + name + " given twice";
      return;
    }
    slot.push_back(*value);
  }
}

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedArgs::all(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<engine::TimePoint> parse_time_point(const std::string& text) {
  bool percent = !text.empty() && text.back() == '%';
  auto v = parse_number(percent ? text.substr(0, text.size() - 1) : text);
  if (!v || *v < 0) return std::nullopt;
  return engine::TimePoint{*v, percent};
}

std::optional<double> parse_seconds(const std::string& text) {
  auto v = parse_number(text);
  if (!v || *v < 0) return std::nullopt;
  return v;
}

std::optional<int> parse_int(const std::string& text, int min, int max) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size() || v < min || v > max) return std::nullopt;
  return static_cast<int>(v);
}

std::optional<std::pair<int, int>> parse_size(const std::string& text) {
  auto x = lower(text).find('x');
  if (x == std::string::npos) return std::nullopt;
  auto w = parse_int(text.substr(0, x), 1, 1 << 20);
  auto h = parse_int(text.substr(x + 1), 1, 1 << 20);
  if (!w || !h) return std::nullopt;
  return std::make_pair(*w, *h);
}

std::optional<uint32_t> parse_color(const std::string& text) {
  std::string hex = text;
  if (!hex.empty() && hex[0] == '#') hex = hex.substr(1);
  else if (lower(hex).rfind("0x", 0) == 0) hex = hex.substr(2);
  if (hex.size() != 6) return std::nullopt;
  uint32_t v = 0;
  for (char c : hex) {
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : (c >= 'a' && c <= 'f')                     ? c - 'a' + 10
            : (c >= 'A' && c <= 'F')                     ? c - 'A' + 10
                                                         : -1;
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<uint32_t>(d);
  }
  return v;
}

std::optional<engine::SeekMode> parse_mode(const std::string& text) {
  std::string m = lower(text);
  if (m == "exact") return engine::SeekMode::kExact;
  if (m == "keyframe" || m == "key") return engine::SeekMode::kKeyframe;
  return std::nullopt;
}

std::optional<engine::ImageFormat> parse_format(const std::string& text) {
  std::string f = lower(text);
  if (f == "jpg" || f == "jpeg") return engine::ImageFormat::kJpeg;
  if (f == "png") return engine::ImageFormat::kPng;
  if (f == "webp") return engine::ImageFormat::kWebp;
  if (f == "avif") return engine::ImageFormat::kAvif;
  return std::nullopt;
}

std::optional<engine::Fit> parse_fit(const std::string& text) {
  std::string f = lower(text);
  if (f == "stretch") return engine::Fit::kStretch;
  if (f == "pad") return engine::Fit::kPad;
  if (f == "preserve") return engine::Fit::kPreserve;
  if (f == "crop") return engine::Fit::kCrop;
  return std::nullopt;
}

engine::ImageFormat format_from_path(const std::string& path) {
  std::string p = lower(path);
  auto ends_with = [&](const char* ext) {
    const std::string e(ext);
    return p.size() >= e.size() && p.compare(p.size() - e.size(), e.size(), e) == 0;
  };
  if (ends_with(".png")) return engine::ImageFormat::kPng;
  if (ends_with(".webp")) return engine::ImageFormat::kWebp;
  if (ends_with(".avif")) return engine::ImageFormat::kAvif;
  return engine::ImageFormat::kJpeg;
}

Result<Ok, std::string> read_sampling_options(const ParsedArgs& args, engine::SampleRequest& request) {
  auto interval = args.get("interval") ? parse_time_point(*args.get("interval")) : std::nullopt;
  if (!interval || interval->value <= 0) return unexpected(std::string("--interval must be > 0 (seconds or N%)"));
  request.interval = interval->value;
  request.percent = interval->percent;
  if (auto v = args.get("start")) {
    auto s = parse_seconds(*v);
    if (!s) return unexpected(std::string("--start must be seconds >= 0"));
    request.start_s = *s;
  }
  if (auto v = args.get("count")) {
    auto c = parse_int(*v, 0, 1000000);
    if (!c) return unexpected(std::string("--count must be a whole number >= 0"));
    request.count = *c;
  }
  return Ok{};
}

Result<Ok, std::string> read_rotate_option(const ParsedArgs& args, engine::Rotate& rotate) {
  if (auto v = args.get("rotate")) {
    if (*v == "auto") rotate = engine::Rotate::kAuto;
    else if (*v == "off") rotate = engine::Rotate::kOff;
    else return unexpected(std::string("--rotate must be auto or off"));
  }
  return Ok{};
}

Result<Ok, std::string> read_timeout_option(const ParsedArgs& args, engine::Source& source) {
  if (auto v = args.get("timeout")) {
    auto s = parse_seconds(*v);
    if (!s || *s <= 0) return unexpected(std::string("--timeout must be seconds > 0"));
    source.deadline = std::chrono::milliseconds(static_cast<int64_t>(*s * 1000));
  }
  return Ok{};
}

engine::Source command_line_source(const std::string& input) {
  engine::Source source{resolve_input(input)};
  source.decoder_threads = 0;  // one call on its own: use every core for the lowest latency
  source.policy = &command_line_address_policy();
  return source;
}

std::string expand_pattern(const std::string& pattern, int n) {
  std::string out;
  const std::string number = std::to_string(n);
  for (size_t i = 0; i < pattern.size();) {
    if (pattern.compare(i, 3, "{n}") == 0) {
      out += number;
      i += 3;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

bool write_bytes(const std::string& path, const void* data, size_t size, std::string& error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (out) out.close();
  if (!out) {
    error = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

const AddressPolicy& command_line_address_policy() {
  static const AddressPolicy policy = *AddressPolicy::from_allow_list({"0.0.0.0/0", "::/0"});
  return policy;
}

std::string resolve_input(const std::string& input) {
  if (input.find("://") != std::string::npos) return input;
  std::error_code ec;
  std::filesystem::path resolved = std::filesystem::canonical(input, ec);
  return ec ? input : resolved.string();
}

std::string describe_error(const engine::Error& error) {
  std::string text = std::string(engine::errc_name(error.code)) + ": " + error.message;
  if (!error.detail.empty()) text += " (" + error.detail + ")";
  return text;
}

}  // namespace tg::cli
