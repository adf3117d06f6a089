// Task status and callback delivery state names: one table each that C++ and the stored rows share.

#include "tasks/task_status.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tasks/delivery_state.hpp"
#include "tasks/task.hpp"

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

TEST(DeliveryStateNames, EachStateHasOneSpellingThatParsesBack) {
  std::set<std::string> names;
  for (const DeliveryStateName& entry : kDeliveryStateNames) {
    EXPECT_EQ(parse_delivery_state(entry.name), entry.state) << entry.name;
    EXPECT_STREQ(to_string(entry.state), entry.name);
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name << " is spelled twice";
  }
  static_assert(parse_delivery_state("delivered") == DeliveryState::kDelivered);
  EXPECT_EQ(parse_delivery_state("PENDING"), std::nullopt);  // stored rows are lower case exactly
  EXPECT_EQ(parse_delivery_state(""), std::nullopt);
  EXPECT_EQ(sql_literal(DeliveryState::kPending), "'pending'");
  EXPECT_EQ(CallbackDelivery{}.state, "pending");  // a new delivery waits for its first attempt
}

}  // namespace
}  // namespace tg::tasks
