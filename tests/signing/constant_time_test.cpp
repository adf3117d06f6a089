#include "signing/constant_time.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tg::signing {
namespace {

TEST(ConstantTime, EqualStrings) {
  EXPECT_TRUE(constant_time_equals("", ""));
  EXPECT_TRUE(
      constant_time_equals("43e5cfcca828314675f91b001390566a", "43e5cfcca828314675f91b001390566a"));
  EXPECT_TRUE(constant_time_equals(std::string("a\0b", 3), std::string("a\0b", 3)));
}

TEST(ConstantTime, DifferentContent) {
  EXPECT_FALSE(constant_time_equals("abcd", "abce"));
  EXPECT_FALSE(constant_time_equals("xbcd", "abcd"));
  EXPECT_FALSE(constant_time_equals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(ConstantTime, LengthMismatchIsFalse) {
  EXPECT_FALSE(constant_time_equals("abc", "abcd"));
  EXPECT_FALSE(constant_time_equals("abcd", "abc"));
  EXPECT_FALSE(constant_time_equals("", "a"));
  EXPECT_FALSE(constant_time_equals("a", ""));
}

}  // namespace
}  // namespace tg::signing
