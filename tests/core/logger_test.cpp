// The server log: one JSON object per line, fields escaped, levels filtered, sink replaceable.

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "core/logger.hpp"

namespace tg {
namespace {

TEST(Logger, LineIsOneJsonObjectWithEscapedFields) {
  LogRecord record;
  record.time_ms = 1'700'000'000'123;
  record.level = LogLevel::kWarn;
  record.message = "cannot open \"a\"\nnext";
  record.fields = {{"task_id", "t-1"}, {"detail", "tab\there\x01"}};
  EXPECT_EQ(format_log_line(record),
            R"({"time":"2023-11-14T22:13:20.123Z","level":"warn","message":"cannot open \"a\"\nnext",)"
            R"("task_id":"t-1","detail":"tab\there\u0001"})");
}

TEST(Logger, SinkReceivesRecordsAtOrAboveTheLevel) {
  std::mutex mutex;
  std::vector<LogRecord> seen;
  LogSink previous = set_log_sink([&](const LogRecord& r) {
    std::lock_guard lock(mutex);
    seen.push_back(r);
  });
  set_log_level(LogLevel::kWarn);
  log(LogLevel::kInfo, "dropped");
  log(LogLevel::kError, "kept", {{"app", "123"}});
  set_log_level(LogLevel::kInfo);
  set_log_sink(previous);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].message, "kept");
  EXPECT_EQ(seen[0].level, LogLevel::kError);
  ASSERT_EQ(seen[0].fields.size(), 1u);
  EXPECT_EQ(seen[0].fields[0].first, "app");
  EXPECT_EQ(seen[0].fields[0].second, "123");
  EXPECT_GT(seen[0].time_ms, 0);
}

}  // namespace
}  // namespace tg
