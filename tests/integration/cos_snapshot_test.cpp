// GetSnapshot over HTTP against the real server: every parameter combination, the ways a bucket is
// addressed (virtual host, custom domain, absolute-form target), query signatures, HEAD and the cache.

#include <gtest/gtest.h>

#include "integration/cos_fixture.hpp"
#include "support/image_probe.hpp"

namespace tg::testing {
namespace {

class CosSnapshotTest : public CosFixture {
 protected:
  void SetUp() override {
    CosFixture::SetUp();
    start_cos();
  }

  /// GETs `q`, expects 200 with `content_type`, and returns the image's facts.
  ImageInfo image_of(const CosQuery& q, const std::string& content_type = "image/jpeg") {
    auto res = cos_get(q);
    EXPECT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.header("content-type"), content_type);
    EXPECT_FALSE(res.header("x-cos-request-id").empty());
    auto info = probe_image_bytes(bytes_of(res.body));
    EXPECT_TRUE(info) << "not an image: " << res.body.substr(0, 200);
    return info.value_or(ImageInfo{});
  }
};

TEST_F(CosSnapshotTest, BothSizesZeroGiveTheSourceSize) {
  auto info = image_of(snap("/clip.mp4", {{"time", "1"}, {"width", "0"}, {"height", "0"}}));
  EXPECT_EQ(info.width, 320);
  EXPECT_EQ(info.height, 240);
  EXPECT_EQ(info.codec, "mjpeg");
}

TEST_F(CosSnapshotTest, DefaultsAreJpegAtTheSourceSize) {
  auto info = image_of(snap("/clip.mp4", {{"time", "2.5"}}));
  EXPECT_EQ(info.width, 320);
  EXPECT_EQ(info.height, 240);
  EXPECT_EQ(info.codec, "mjpeg");
}

TEST_F(CosSnapshotTest, WidthOnlyKeepsTheAspectRatio) {
  auto info = image_of(snap("/clip.mp4", {{"time", "1"}, {"width", "160"}}));
  EXPECT_EQ(info.width, 160);
  EXPECT_EQ(info.height, 120);
}

TEST_F(CosSnapshotTest, HeightOnlyKeepsTheAspectRatio) {
  auto info = image_of(snap("/clip.mp4", {{"time", "1"}, {"width", "0"}, {"height", "60"}}));
  EXPECT_EQ(info.width, 80);
  EXPECT_EQ(info.height, 60);
}

TEST_F(CosSnapshotTest, BothSizesAreHonoured) {
  auto info = image_of(snap("/clip.mp4", {{"time", "1"}, {"width", "200"}, {"height", "100"}}));
  EXPECT_EQ(info.width, 200);
  EXPECT_EQ(info.height, 100);
}

TEST_F(CosSnapshotTest, PngFormat) {
  auto info = image_of(snap("/clip.mp4", {{"time", "1"}, {"format", "png"}}), "image/png");
  EXPECT_EQ(info.codec, "png");
  EXPECT_EQ(info.width, 320);
}

TEST_F(CosSnapshotTest, KeyframeModeAndExplicitExactframe) {
  auto key = image_of(snap("/clip.mp4", {{"time", "3.3"}, {"mode", "keyframe"}}));
  EXPECT_EQ(key.width, 320);
  auto exact = image_of(snap("/clip.mp4", {{"time", "3.3"}, {"mode", "exactframe"}, {"format", "jpg"}}));
  EXPECT_EQ(exact.height, 240);
}

TEST_F(CosSnapshotTest, RotateAutoFollowsTheDisplayMatrixAndOffDoesNot) {
  auto automatic = image_of(snap("/rotated.mp4", {{"time", "1"}}));
  EXPECT_EQ(automatic.width, 360);
  EXPECT_EQ(automatic.height, 640);
  auto explicit_auto = image_of(snap("/rotated.mp4", {{"time", "1"}, {"rotate", "auto"}}));
  EXPECT_EQ(explicit_auto.width, 360);
  auto off = image_of(snap("/rotated.mp4", {{"time", "1"}, {"rotate", "off"}}));
  EXPECT_EQ(off.width, 640);
  EXPECT_EQ(off.height, 360);
}

TEST_F(CosSnapshotTest, KeysWithSpacesAndParenthesesAreSignedDecoded) {
  auto info = image_of(snap("/folder/a b(1).mp4", {{"time", "1"}, {"width", "100"}, {"height", "50"}}));
  EXPECT_EQ(info.width, 100);
}

TEST_F(CosSnapshotTest, SignatureInTheQueryString) {
  CosSigning s;
  s.in_query = true;
  auto res = cos_get(snap("/clip.mp4"), s);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("content-type"), "image/jpeg");
}

TEST_F(CosSnapshotTest, CustomDomainAddressesTheBucketWhateverThePort) {
  CosQuery q = snap("/clip.mp4");
  q.host = "img.example.test:8443";
  auto res = cos_get(q);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_TRUE(probe_image_bytes(bytes_of(res.body)));
}

TEST_F(CosSnapshotTest, AnyDomainAfterTheRegionAddressesTheBucket) {
  CosQuery q = snap("/clip.mp4");
  q.host = std::string(kCosBucket) + ".cos.ap-beijing.example.internal";
  auto res = cos_get(q);
  ASSERT_EQ(res.status, 200) << res.body;
}

TEST_F(CosSnapshotTest, PublicReadBucketNeedsNoSignature) {
  CosQuery q = snap("/clip.mp4");
  q.host = kCosPublicHost;
  CosSigning anonymous;
  anonymous.anonymous = true;
  auto res = cos_get(q, anonymous);
  ASSERT_EQ(res.status, 200) << res.body;
  // A key limited to the public bucket is fine there too.
  CosSigning limited;
  limited.secret_id = kCosPublicOnlyId;
  limited.secret_key = kCosPublicOnlyKey;
  EXPECT_EQ(cos_get(q, limited).status, 200);
}

TEST_F(CosSnapshotTest, AbsoluteFormTargetNamesTheBucketAsAProxyRequestDoes) {
  CosQuery q = snap("/clip.mp4", {{"time", "1"}, {"width", "64"}});
  auto [query, auth] = signed_parts(q, {});
  std::string reply = raw_exchange("GET http://" + std::string(kCosHost) + "/clip.mp4?" + query +
                                   " HTTP/1.1\r\nHost: " + kCosHost + "\r\nAuthorization: " + auth +
                                   "\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply.substr(0, 400);
  auto body_at = reply.find("\r\n\r\n");
  ASSERT_NE(body_at, std::string::npos);
  auto info = probe_image_bytes(bytes_of(reply.substr(body_at + 4)));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->width, 64);
  EXPECT_EQ(info->height, 48);
}

TEST_F(CosSnapshotTest, HeadAnswersLikeGetWithoutABody) {
  CosQuery q = snap("/clip.mp4");
  q.method = "HEAD";
  auto [query, auth] = signed_parts(q, {});
  std::string reply = raw_exchange("HEAD /clip.mp4?" + query + " HTTP/1.1\r\nHost: " + kCosHost +
                                   "\r\nAuthorization: " + auth + "\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply.substr(0, 400);
  EXPECT_NE(reply.find("Content-Type: image/jpeg"), std::string::npos) << reply;
  auto body_at = reply.find("\r\n\r\n");
  ASSERT_NE(body_at, std::string::npos);
  EXPECT_EQ(reply.size(), body_at + 4);
}

TEST_F(CosSnapshotTest, ARepeatedRequestIsServedFromTheResultCache) {
  CosQuery q = snap("/clip.mp4", {{"time", "4.2"}, {"width", "96"}});
  auto first = cos_get(q);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.header("x-thumbgate-cache"), "miss");
  auto second = cos_get(q);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.header("x-thumbgate-cache"), "hit");
  EXPECT_EQ(second.body, first.body);
  // Other parameters are another result.
  auto other = cos_get(snap("/clip.mp4", {{"time", "4.2"}, {"width", "98"}}));
  EXPECT_EQ(other.header("x-thumbgate-cache"), "miss");
  // A changed object is another result too.
  std::filesystem::copy_file(clip_path(ClipKind::kRotated90), bucket_dir_ + "/clip.mp4",
                             std::filesystem::copy_options::overwrite_existing);
  auto changed = cos_get(q);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.header("x-thumbgate-cache"), "miss");
  EXPECT_NE(changed.body, first.body);
}

TEST_F(CosSnapshotTest, LaterSnapshotsOfAHotObjectReuseItsOpenedInput) {
  auto first = cos_get(snap("/clip.mp4", {{"time", "1"}, {"width", "100"}}));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.header("x-thumbgate-input"), "opened");
  auto second = cos_get(snap("/clip.mp4", {{"time", "0.2"}, {"width", "100"}}));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.header("x-thumbgate-input"), "hot");
  EXPECT_NE(second.body, first.body);
  // Another rotation setting is another opened input, hot from then on.
  auto off = cos_get(snap("/clip.mp4", {{"time", "1"}, {"rotate", "off"}}));
  EXPECT_EQ(off.header("x-thumbgate-input"), "opened");
  auto off_again = cos_get(snap("/clip.mp4", {{"time", "3"}, {"rotate", "off"}}));
  EXPECT_EQ(off_again.header("x-thumbgate-input"), "hot");
  // A cached result needs no input at all.
  auto cached = cos_get(snap("/clip.mp4", {{"time", "1"}, {"width", "100"}}));
  EXPECT_EQ(cached.header("x-thumbgate-cache"), "hit");
  EXPECT_EQ(cached.header("x-thumbgate-input"), "");
}

}  // namespace
}  // namespace tg::testing
