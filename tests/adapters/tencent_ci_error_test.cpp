// COS XML error bodies and the statuses of each code.

#include <gtest/gtest.h>

#include "adapters/tencent_ci/cos_error.hpp"

namespace tg::adapters::tencent_ci {
namespace {

TEST(TencentCiErrorTest, StatusesFollowTheCosTable) {
  EXPECT_EQ(cos_status(CosErrorCode::kAccessDenied), 403);
  EXPECT_EQ(cos_status(CosErrorCode::kInvalidAccessKeyId), 403);
  EXPECT_EQ(cos_status(CosErrorCode::kSignatureDoesNotMatch), 403);
  EXPECT_EQ(cos_status(CosErrorCode::kRequestTimeTooSkewed), 403);
  EXPECT_EQ(cos_status(CosErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(cos_status(CosErrorCode::kInvalidRequest), 400);
  EXPECT_EQ(cos_status(CosErrorCode::kNoSuchKey), 404);
  EXPECT_EQ(cos_status(CosErrorCode::kNoSuchBucket), 404);
  EXPECT_EQ(cos_status(CosErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(cos_status(CosErrorCode::kInternalError), 500);
  EXPECT_EQ(cos_status(CosErrorCode::kNotImplemented), 501);
  EXPECT_EQ(cos_status(CosErrorCode::kSlowDown), 503);
  EXPECT_STREQ(cos_code_name(CosErrorCode::kRequestTimeTooSkewed), "RequestTimeTooSkewed");
  EXPECT_STREQ(cos_code_name(CosErrorCode::kSlowDown), "SlowDown");
}

TEST(TencentCiErrorTest, RendersTheCosXmlEnvelope) {
  ApiResponse r = render_cos_error({CosErrorCode::kNoSuchKey, "The specified key does not exist."},
                                   "examplebucket-1250000000.cos.ap-beijing.myqcloud.com/a.mp4", "req1", "trace1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/xml");
  EXPECT_EQ(r.body,
            "<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>NoSuchKey</Code>\n"
            "\t<Message>The specified key does not exist.</Message>\n"
            "\t<Resource>examplebucket-1250000000.cos.ap-beijing.myqcloud.com/a.mp4</Resource>\n"
            "\t<RequestId>req1</RequestId>\n\t<TraceId>trace1</TraceId>\n</Error>");
  ASSERT_FALSE(r.headers.empty());
  EXPECT_EQ(r.headers[0].first, "x-cos-request-id");
  EXPECT_EQ(r.headers[0].second, "req1");
}

TEST(TencentCiErrorTest, XmlHoldsOnlyUtf8XmlCharacters) {
  // The body says encoding='utf-8': bytes from the request that are not UTF-8 cannot go in as they are,
  // nor can U+FFFE / U+FFFF, which XML 1.0 excludes.
  EXPECT_EQ(xml_escape("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE|\xEF\xBF\xBF|\xEF\xBF\xBD"), "?|?|\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("\xE8\x85\xBE<"), "\xE8\x85\xBE&lt;");
  ApiResponse r = render_cos_error({CosErrorCode::kInvalidArgument, "parameter time \"\xC0\xAF\""}, "/a\xED\xA0\x80", "r", "t");
  EXPECT_NE(r.body.find("<Message>parameter time &quot;\xEF\xBF\xBD\xEF\xBF\xBD&quot;</Message>"), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<Resource>/a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</Resource>"), std::string::npos) << r.body;
}

TEST(TencentCiErrorTest, EscapesRequestTextInTheXml) {
  EXPECT_EQ(xml_escape("a<b>&'\"\x01"), "a&lt;b&gt;&amp;&apos;&quot;?");
  ApiResponse r = render_cos_error({CosErrorCode::kInvalidArgument, "bad <x>"}, "/</Resource>", "r", "t");
  EXPECT_NE(r.body.find("<Resource>/&lt;/Resource&gt;</Resource>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("bad &lt;x&gt;"), std::string::npos);
}

}  // namespace
}  // namespace tg::adapters::tencent_ci
