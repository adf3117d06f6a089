#pragma once
// Command-line parsing for the engine commands: "--name value" / "--name=value" options and positional
// arguments, plus the value parsers they share.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "engine/engine.hpp"

namespace tg::cli {

/// Exit codes shared by the commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the engine or the file system failed
inline constexpr int kExitUsage = 2;    // the command line was wrong

class ParsedArgs {
 public:
  /// Splits argv[1..] into options and positionals; `flags` lists options that take no value,
  /// `repeatable` those that may appear more than once. Sets error() on a malformed command line.
  ParsedArgs(int argc, char** argv, const std::vector<std::string>& known,
             const std::vector<std::string>& repeatable, const std::vector<std::string>& flags);

  const std::string& error() const { return error_; }
  const std::vector<std::string>& positionals() const { return positionals_; }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  /// The last value of `name`, if given.
  std::optional<std::string> get(const std::string& name) const;
  /// Every value of `name`, in command-line order.
  std::vector<std::string> all(const std::string& name) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
  std::string error_;
};

/// "12.5" (seconds) or "10%" (of the duration); nullopt when malformed or negative.
std::optional<engine::TimePoint> parse_time_point(const std::string& text);
/// A finite number >= 0.
std::optional<double> parse_seconds(const std::string& text);
/// A whole number in [min, max].
std::optional<int> parse_int(const std::string& text, int min, int max);
/// "WxH" with both sides > 0.
std::optional<std::pair<int, int>> parse_size(const std::string& text);
/// "#RRGGBB" or "RRGGBB" (or "0xRRGGBB") as 0xRRGGBB.
std::optional<uint32_t> parse_color(const std::string& text);
/// "exact" or "keyframe".
std::optional<engine::SeekMode> parse_mode(const std::string& text);
/// "jpg", "jpeg", "png", "webp" or "avif".
std::optional<engine::ImageFormat> parse_format(const std::string& text);
/// "stretch", "pad", "preserve" or "crop".
std::optional<engine::Fit> parse_fit(const std::string& text);
/// The image format implied by a file name's extension (".png", ".webp", ".avif", else JPEG).
engine::ImageFormat format_from_path(const std::string& path);

/// The addresses an http(s) INPUT may connect to: all of them. The engine commands run as the operator,
/// with the operator's own network access (as curl or ffmpeg would); the outbound allow-list guards the
/// server, whose URLs come from clients' requests and from config.
const AddressPolicy& command_line_address_policy();

/// The options both commands read alike; each error is the usage message for the option it names.
/// --interval (seconds or N%, > 0), --start and --count into `request`.
Result<Ok, std::string> read_sampling_options(const ParsedArgs& args, engine::SampleRequest& request);
/// --rotate auto|off into `rotate` (left as it is when not given).
Result<Ok, std::string> read_rotate_option(const ParsedArgs& args, engine::Rotate& rotate);
/// --timeout (seconds > 0) into `source`'s deadline (left as it is when not given).
Result<Ok, std::string> read_timeout_option(const ParsedArgs& args, engine::Source& source);

/// The source for a command-line INPUT (resolve_input), decoded with every core and allowed every address.
engine::Source command_line_source(const std::string& input);

/// `pattern` with every "{n}" replaced by `n`.
std::string expand_pattern(const std::string& pattern, int n);
/// Writes `bytes` to `path` (creating or truncating it); false with `error` set on failure.
bool write_bytes(const std::string& path, const void* data, size_t size, std::string& error);

/// The input as the engine should open it: a local path with its symlinks resolved (the engine never
/// follows one in the last component; on the command line the operator's own links are meant), anything
/// else (a URL, a missing file) as given.
std::string resolve_input(const std::string& input);

/// An engine error for the operator: "code: message (detail)"; the detail names the input.
std::string describe_error(const engine::Error& error);

}  // namespace tg::cli
