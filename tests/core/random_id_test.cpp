#include "core/random_id.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

namespace tg {
namespace {

bool is_lower_hex(const std::string& text) {
  return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(RandomId, RandomHexHasTwoDigitsPerByteAndRepeatsNever) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = random_hex(16);
    EXPECT_EQ(id.size(), 32u);
    EXPECT_TRUE(is_lower_hex(id)) << id;
    EXPECT_TRUE(seen.insert(id).second) << id;
  }
}

TEST(RandomId, TimeOrderedHexStartsWithTheMillisecondsBigEndian) {
  const std::string id = time_ordered_hex(16, 0x0123456789abLL);
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(id.substr(0, 12), "0123456789ab");
  EXPECT_TRUE(is_lower_hex(id)) << id;
  EXPECT_EQ(time_ordered_hex(8, -5).substr(0, 12), "000000000000");
  EXPECT_THROW(time_ordered_hex(5, 1), std::invalid_argument);
}

TEST(RandomId, TimeOrderedHexSortsByTimeAndStaysUnguessableWithinAMillisecond) {
  std::string previous;
  std::set<std::string> same_millisecond;
  for (int64_t ms = 1'764'000'000'000; ms < 1'764'000'000'300; ++ms) {
    const std::string id = time_ordered_hex(16, ms);
    EXPECT_LT(previous, id);
    previous = id;
  }
  for (int i = 0; i < 1000; ++i) {
    const std::string id = time_ordered_hex(16, 1'764'000'000'000);
    EXPECT_TRUE(same_millisecond.insert(id.substr(12)).second) << "the random part repeated: " << id;
  }
}

}  // namespace
}  // namespace tg
