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

TEST(Utf8Prefix, ShortValidTextIsKept) {
  EXPECT_EQ(utf8_prefix("", 4), "");
  EXPECT_EQ(utf8_prefix("abc", 4), "abc");
  EXPECT_EQ(utf8_prefix("\xE8\x85\xBE", 3), "\xE8\x85\xBE");
  EXPECT_EQ(utf8_prefix("abcdef", 0), "");
}

TEST(Utf8Prefix, CutsBeforeACharacterThatDoesNotFit) {
  EXPECT_EQ(utf8_prefix("abcdef", 4), "abcd");
  EXPECT_EQ(utf8_prefix("ab\xE8\x85\xBE", 4), "ab");           // three bytes from offset 2
  EXPECT_EQ(utf8_prefix("abc\xF0\x9F\x8E\xAC", 4), "abc");      // four bytes from offset 3
  EXPECT_EQ(utf8_prefix("a\xF0\x9F\x8E\xAC", 4), "a");
  EXPECT_EQ(utf8_prefix("\xE8\x85\xBE\xE8\x85\xBE", 5), "\xE8\x85\xBE");
}

TEST(Utf8Prefix, BadBytesAreReplacedAndTheResultStillFits) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(utf8_prefix("a\xFF", 4), "a" + r);
  // Each bad byte becomes three: the cleaned text is cut at a character too.
  EXPECT_EQ(utf8_prefix("\xFF\xFF\xFF\xFF", 4), r);
  EXPECT_EQ(utf8_prefix("\xFF\xFF", 8), r + r);
  // A text cut short at its own end (not by the limit) ends in a replacement.
  EXPECT_EQ(utf8_prefix("ab\xE8\x85", 8), "ab" + r + r);
  for (size_t limit = 0; limit < 12; ++limit) {
    const std::string cut = utf8_prefix("\xE8\x85\xBE\xFFz\xF0\x9F\x8E\xAC\x80", limit);
    EXPECT_LE(cut.size(), limit);
    EXPECT_EQ(valid_utf8(cut), cut) << limit;
  }
}

}  // namespace
}  // namespace tg
