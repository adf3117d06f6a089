// Task status names: one table that C++ and the stored rows share.

#include "tasks/task_status.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tg::tasks {
namespace {

TEST(TaskStatusNames, EachStatusHasOneSpellingThatParsesBack) {
  std::set<std::string> names;
  for (const TaskStatusName& entry : kTaskStatusNames) {
    EXPECT_EQ(parse_status(entry.name), entry.status) << entry.name;
    EXPECT_STREQ(to_string(entry.status), entry.name);
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name << " is spelled twice";
  }
  static_assert(parse_status("SUCCEEDED") == TaskStatus::kSucceeded);
  EXPECT_EQ(parse_status("queued"), std::nullopt);  // stored rows are upper case exactly
  EXPECT_EQ(parse_status(""), std::nullopt);
  EXPECT_EQ(sql_literal(TaskStatus::kRunning), "'RUNNING'");
}

}  // namespace
}  // namespace tg::tasks
