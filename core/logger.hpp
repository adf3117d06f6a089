#pragma once
// The server log: one JSON object per line (time, level, message, then the record's fields). Details
// that a client must not see (server paths, origin URLs, libav's and libcurl's texts) go here, with the
// credentials in URLs redacted by the caller (core/redaction.hpp). The sink is process-wide and
// replaceable, so tests can read what was logged.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tg {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

/// "debug", "info", "warn", "error".
const char* log_level_name(LogLevel level);

struct LogRecord {
  int64_t time_ms = 0;
  LogLevel level = LogLevel::kInfo;
  std::string message;
  std::vector<std::pair<std::string, std::string>> fields;  // e.g. {"task_id", "…"}, {"app", "…"}
};

/// The level spelled `name` ("debug", "info", "warn", "error"); nullopt for anything else.
std::optional<LogLevel> parse_log_level(std::string_view name);

/// Renders a record as one JSON line (no trailing newline).
std::string format_log_line(const LogRecord& record);

/// Where records go; called from any thread.
using LogSink = std::function<void(const LogRecord&)>;

/// Replaces the process-wide sink (default: format_log_line to stderr); returns the previous one.
LogSink set_log_sink(LogSink sink);

/// Records below `level` are dropped (default: kInfo).
void set_log_level(LogLevel level);

/// True when records of `level` are written (not dropped by set_log_level).
bool log_enabled(LogLevel level);

/// Writes one record to the sink.
void log(LogLevel level, std::string_view message,
         std::initializer_list<std::pair<std::string_view, std::string_view>> fields = {});
/// log() with fields built at run time.
void log(LogLevel level, std::string_view message, std::vector<std::pair<std::string, std::string>> fields);

}  // namespace tg
