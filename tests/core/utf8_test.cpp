#include "core/utf8.hpp"

#include <gtest/gtest.h>

namespace tg {
namespace {

TEST(ValidUtf8, KeepsWellFormedText) {
  EXPECT_EQ(valid_utf8(""), "");
  EXPECT_EQ(valid_utf8("plain ascii \x01\x7f"), "plain ascii \x01\x7f");
  EXPECT_EQ(valid_utf8("\xE8\x85\xBE\xE8\xAE\xAF"), "\xE8\x85\xBE\xE8\xAE\xAF");  // 腾讯
  EXPECT_EQ(valid_utf8("\xF0\x9F\x8E\xAC \xF4\x8F\xBF\xBF \xC2\x80"), "\xF0\x9F\x8E\xAC \xF4\x8F\xBF\xBF \xC2\x80");
}

TEST(ValidUtf8, ReplacesEachBadByte) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(valid_utf8("a\xFF" "b"), "a" + r + "b");
  EXPECT_EQ(valid_utf8("\x80"), r);                          // a lone continuation byte
  EXPECT_EQ(valid_utf8("\xC0\xAF"), r + r);                  // overlong '/'
  EXPECT_EQ(valid_utf8("\xE0\x80\xAF"), r + r + r);          // overlong, three bytes
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), r + r + r);          // a UTF-16 surrogate
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), r + r + r + r);  // above U+10FFFF
  EXPECT_EQ(valid_utf8("x\xE8\x85"), "x" + r + r);           // cut short at the end
  EXPECT_EQ(valid_utf8("\xE8\x85" "A"), r + r + "A");        // cut short by the next character
}

}  // namespace
}  // namespace tg
