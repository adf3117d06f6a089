#include "core/logger.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>

#include "core/time_format.hpp"

namespace tg {
namespace {

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void write_to_stderr(const LogRecord& record) {
  std::string line = format_log_line(record);
  line.push_back('\n');
  // One write per line keeps lines from different threads whole.
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

struct SinkHolder {
  std::mutex mutex;
  std::shared_ptr<const LogSink> sink = std::make_shared<const LogSink>(write_to_stderr);
};

SinkHolder& holder() {
  static SinkHolder* instance = new SinkHolder();  // never destroyed: logging may happen during exit
  return *instance;
}

std::atomic<int> g_min_level{static_cast<int>(LogLevel::kInfo)};

}  // namespace

const char* log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}

std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (LogLevel level : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
    if (name == log_level_name(level)) return level;
  }
  return std::nullopt;
}

std::string format_log_line(const LogRecord& record) {
  std::string out = "{\"time\":";
  append_json_string(out, iso8601_utc_ms(record.time_ms));
  out += ",\"level\":";
  append_json_string(out, log_level_name(record.level));
  out += ",\"message\":";
  append_json_string(out, record.message);
  for (const auto& [key, value] : record.fields) {
    out.push_back(',');
    append_json_string(out, key);
    out.push_back(':');
    append_json_string(out, value);
  }
  out.push_back('}');
  return out;
}

LogSink set_log_sink(LogSink sink) {
  auto& h = holder();
  std::lock_guard lock(h.mutex);
  LogSink previous = *h.sink;
  h.sink = std::make_shared<const LogSink>(sink ? std::move(sink) : LogSink(write_to_stderr));
  return previous;
}

void set_log_level(LogLevel level) { g_min_level.store(static_cast<int>(level)); }

bool log_enabled(LogLevel level) { return static_cast<int>(level) >= g_min_level.load(std::memory_order_relaxed); }

void log(LogLevel level, std::string_view message,
         std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  if (static_cast<int>(level) < g_min_level.load()) return;
  std::vector<std::pair<std::string, std::string>> owned;
  owned.reserve(fields.size());
  for (const auto& [key, value] : fields) owned.emplace_back(std::string(key), std::string(value));
  log(level, message, std::move(owned));
}

void log(LogLevel level, std::string_view message, std::vector<std::pair<std::string, std::string>> fields) {
  if (static_cast<int>(level) < g_min_level.load()) return;
  LogRecord record;
  record.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  record.level = level;
  record.message = std::string(message);
  record.fields = std::move(fields);
  std::shared_ptr<const LogSink> sink;
  {
    auto& h = holder();
    std::lock_guard lock(h.mutex);
    sink = h.sink;
  }
  (*sink)(record);
}

}  // namespace tg
