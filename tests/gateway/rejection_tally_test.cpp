#include "gateway/rejection_tally.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tg::gateway {
namespace {

TEST(RejectionTally, CountsPerVendorAndAppBiggestFirst) {
  RejectionTally tally;
  for (int i = 0; i < 3; ++i) tally.add("zego", "1001");
  tally.add("zego", "1002");
  for (int i = 0; i < 2; ++i) tally.add("tencent_vod", "1001");
  const auto top = tally.top(10);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].vendor, "zego");
  EXPECT_EQ(top[0].app, "1001");
  EXPECT_EQ(top[0].count, 3);
  EXPECT_EQ(top[1].vendor, "tencent_vod");
  EXPECT_EQ(top[1].count, 2);
  EXPECT_EQ(top[2].app, "1002");
  EXPECT_EQ(tally.top(1).size(), 1u);
  EXPECT_TRUE(RejectionTally().top(5).empty());
}

TEST(RejectionTally, InventedKeysBeyondTheBoundShareOneTally) {
  RejectionTally tally;
  for (size_t i = 0; i < RejectionTally::kMaxApps + 500; ++i) tally.add("zego", "app-" + std::to_string(i));
  tally.add("zego", "app-0");  // a key already tallied keeps its own count
  const auto all = tally.top(RejectionTally::kMaxApps + 10);
  ASSERT_EQ(all.size(), RejectionTally::kMaxApps + 1);
  EXPECT_EQ(all[0].app, std::string(RejectionTally::kOtherApp));
  EXPECT_EQ(all[0].count, 500);
  EXPECT_EQ(all[1].app, "app-0");
  EXPECT_EQ(all[1].count, 2);
}

TEST(RejectionTally, LongKeysAreCutSoTheyCannotGrowIt) {
  RejectionTally tally;
  tally.add("zego", std::string(10000, 'a'));
  tally.add("zego", std::string(5000, 'a'));
  const auto top = tally.top(5);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].app.size(), RejectionTally::kMaxKeyLength);
  EXPECT_EQ(top[0].count, 2);
}

}  // namespace
}  // namespace tg::gateway
