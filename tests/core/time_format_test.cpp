// UTC text of wall-clock ms: strftime patterns to the second, ISO 8601 with milliseconds.

#include "core/time_format.hpp"

#include <gtest/gtest.h>

namespace tg {
namespace {

TEST(TimeFormat, PatternIsAppliedToTheUtcSecond) {
  EXPECT_EQ(format_utc(1'731'912'869'999, "%Y%m%d%H%M%S"), "20241118065429");
  EXPECT_EQ(format_utc(1'510'745'333'000, "%Y-%m-%d %H:%M:%S"), "2017-11-15 11:28:53");
  EXPECT_EQ(format_utc(0, "%Y-%m-%dT%H:%M:%SZ"), "1970-01-01T00:00:00Z");
}

TEST(TimeFormat, IsoHasThreeDigitMilliseconds) {
  EXPECT_EQ(iso8601_utc_ms(1'700'000'000'123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(iso8601_utc_ms(1'700'000'000'007), "2023-11-14T22:13:20.007Z");
  EXPECT_EQ(iso8601_utc_ms(1'700'000'000'000), "2023-11-14T22:13:20.000Z");
}

TEST(TimeFormat, MillisecondsBeforeTheEpochCountBackFromTheSecondBefore) {
  EXPECT_EQ(iso8601_utc_ms(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_utc(-1, "%H:%M:%S"), "23:59:59");
}

}  // namespace
}  // namespace tg

namespace tg {
namespace {

TEST(ParseIso8601Utc, ReadsExactlyTheAlibabaTimestampShape) {
  EXPECT_EQ(parse_iso8601_utc_seconds("2016-02-23T12:46:24Z"), 1456231584);
  EXPECT_EQ(parse_iso8601_utc_seconds("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601_utc_seconds("2024-02-29T23:59:59Z"), 1709251199);
  for (const char* bad : {"", "2016-02-23T12:46:24", "2016-02-23 12:46:24Z", "2016-02-30T00:00:00Z",
                          "2016-13-01T00:00:00Z", "2016-02-23T24:00:00Z", "2016-02-23T12:60:00Z",
                          "1969-12-31T23:59:59Z", "2016-02-23T12:46:24.000Z", "+016-02-23T12:46:24Z",
                          "2016-02-23T12:46:24z", "1456231584"}) {
    EXPECT_FALSE(parse_iso8601_utc_seconds(bad)) << bad;
  }
}

}  // namespace
}  // namespace tg

namespace tg {
namespace {

TEST(ParseUtcSeconds, ReadsAnyShapeOfItsFieldsAndNothingElse) {
  EXPECT_EQ(parse_utc_seconds("20160223124624", "yyyyMMddHHmmss"), 1456231584);
  EXPECT_EQ(parse_utc_seconds("23/02/2016 12:46:24", "dd/MM/yyyy HH:mm:ss"), 1456231584);
  for (const char* bad : {"2016022312462", "201602231246240", "20160230000000", "20161301000000", "20160223240000",
                          "19691231235959", "2016022312462x", "-0160223124624", "00000000000000"}) {
    EXPECT_FALSE(parse_utc_seconds(bad, "yyyyMMddHHmmss")) << bad;
  }
  // A shape that lacks a field, or has one too long, reads nothing.
  EXPECT_FALSE(parse_utc_seconds("201602231246", "yyyyMMddHHmm"));
  EXPECT_FALSE(parse_utc_seconds("2016022312462400", "yyyyMMddHHmmsss"));
}

}  // namespace
}  // namespace tg
