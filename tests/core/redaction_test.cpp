// Credentials never reach the log: user information and query values of URLs are masked.

#include <gtest/gtest.h>

#include "core/redaction.hpp"

namespace tg {
namespace {

TEST(Redaction, UrlLosesUserInfoAndQueryValues) {
  EXPECT_EQ(redact_url("http://admin:s3cr3tP4ss@10.0.0.5:8080/x.mp4?token=abc&sig=def"),
            "http://***@10.0.0.5:8080/x.mp4?token=***&sig=***");
  EXPECT_EQ(redact_url("https://example.com/a/b.mp4"), "https://example.com/a/b.mp4");
  EXPECT_EQ(redact_url("https://example.com/a.mp4?flag&k=v#frag"), "https://example.com/a.mp4?flag&k=***");
  EXPECT_EQ(redact_url("https://u@example.com?x=1"), "https://***@example.com?x=***");
  EXPECT_EQ(redact_url("/srv/media/a.mp4"), "/srv/media/a.mp4");
}

TEST(Redaction, UrlsInsideTextAreRedacted) {
  EXPECT_EQ(redact_urls_in("cannot open HTTP://admin:pw@host/x.mp4?token=t: Connection refused"),
            "cannot open HTTP://***@host/x.mp4?token=***: Connection refused");
  EXPECT_EQ(redact_urls_in("a https://h/p?a=1 and http://u:p@h2/ end"), "a https://h/p?a=*** and http://***@h2/ end");
  EXPECT_EQ(redact_urls_in("no urls here"), "no urls here");
  EXPECT_EQ(redact_urls_in(""), "");
}

}  // namespace
}  // namespace tg
