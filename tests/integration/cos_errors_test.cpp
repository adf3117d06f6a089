// Every COS error GetSnapshot answers with, over HTTP against the real server: status, XML shape and code.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "integration/cos_fixture.hpp"

namespace tg::testing {
namespace {

class CosErrorsTest : public CosFixture {
 protected:
  /// Expects a COS XML error with `status` and `code` for `res`.
  static void expect_error(const HttpResult& res, long status, const std::string& code) {
    EXPECT_EQ(res.status, status) << res.body;
    EXPECT_EQ(res.header("content-type"), "application/xml") << res.body;
    EXPECT_EQ(cos_code(res.body), code) << res.body;
    EXPECT_EQ(res.body.rfind("<?xml version='1.0' encoding='utf-8' ?>", 0), 0u) << res.body;
    for (const char* element : {"<Message>", "<Resource>", "<RequestId>", "<TraceId>"}) {
      EXPECT_NE(res.body.find(element), std::string::npos) << element << " in " << res.body;
    }
    EXPECT_FALSE(res.header("x-cos-request-id").empty());
  }

  void expect_invalid(const std::vector<std::pair<std::string, std::string>>& params) {
    auto res = cos_get(snap("/clip.mp4", params));
    expect_error(res, 400, "InvalidArgument");
  }
};

TEST_F(CosErrorsTest, ExpiredSignatureIsDenied) {
  start_cos();
  CosSigning s;
  s.start_offset_s = -7200;
  s.end_offset_s = -3600;
  auto res = cos_get(snap("/clip.mp4"), s);
  expect_error(res, 403, "AccessDenied");
  EXPECT_NE(res.body.find("Request has expired"), std::string::npos) << res.body;
}

TEST_F(CosErrorsTest, SignatureStartingInTheFutureIsTooSkewed) {
  start_cos();
  CosSigning s;
  s.start_offset_s = 3600;
  s.end_offset_s = 7200;
  expect_error(cos_get(snap("/clip.mp4"), s), 403, "RequestTimeTooSkewed");
}

TEST_F(CosErrorsTest, WrongSecretKeyDoesNotMatch) {
  start_cos();
  CosSigning s;
  s.secret_key = "not-the-right-secret-key-at-all";
  expect_error(cos_get(snap("/clip.mp4"), s), 403, "SignatureDoesNotMatch");
  s.in_query = true;
  expect_error(cos_get(snap("/clip.mp4"), s), 403, "SignatureDoesNotMatch");
}

TEST_F(CosErrorsTest, ParametersChangedAfterSigningDoNotMatch) {
  start_cos();
  CosQuery q = snap("/clip.mp4");
  auto [query, auth] = signed_parts(q, {});
  // Changing a signed parameter breaks the signature.
  std::string tampered = query;
  tampered.replace(tampered.find("time=1"), 6, "time=2");
  auto res = http_get(server_->base_url() + "/clip.mp4?" + tampered, {"Host: " + std::string(kCosHost),
                                                                      "Authorization: " + auth});
  expect_error(res, 403, "SignatureDoesNotMatch");
}

TEST_F(CosErrorsTest, UnknownSecretIdIsAnInvalidAccessKeyId) {
  start_cos();
  CosSigning s;
  s.secret_id = "AKIDunknownunknownunknownunknown0000";
  expect_error(cos_get(snap("/clip.mp4"), s), 403, "InvalidAccessKeyId");
}

TEST_F(CosErrorsTest, AnonymousOnAPrivateBucketIsDenied) {
  start_cos();
  CosSigning s;
  s.anonymous = true;
  auto res = cos_get(snap("/clip.mp4"), s);
  expect_error(res, 403, "AccessDenied");
  EXPECT_NE(res.body.find("Access Denied."), std::string::npos);
}

TEST_F(CosErrorsTest, AKeyLimitedToAnotherBucketIsDenied) {
  start_cos();
  CosSigning s;
  s.secret_id = kCosPublicOnlyId;
  s.secret_key = kCosPublicOnlyKey;
  expect_error(cos_get(snap("/clip.mp4"), s), 403, "AccessDenied");
}

TEST_F(CosErrorsTest, BadTimes) {
  start_cos();
  expect_invalid({{"time", "abc"}});
  expect_invalid({{"time", "-1"}});
  expect_invalid({{"time", "1e999"}});
  expect_invalid({{"time", "1e2"}});
  expect_invalid({{"time", ""}});
  expect_invalid({{"time", "0x10"}});
  expect_invalid({{"time", "inf"}});
  expect_invalid({{"time", "1.2.3"}});
  expect_invalid({{"time", "99999999"}});
  expect_invalid({{"width", "10"}});  // time is required
  // A parameter given twice (anonymous on the public bucket, so no signature is involved).
  CosQuery twice = snap("/clip.mp4", {{"time", "1"}, {"time", "2"}});
  twice.host = kCosPublicHost;
  CosSigning anonymous;
  anonymous.anonymous = true;
  expect_error(cos_get(twice, anonymous), 400, "InvalidArgument");
}

TEST_F(CosErrorsTest, BadSizes) {
  start_cos();
  expect_invalid({{"time", "1"}, {"width", "-5"}});
  expect_invalid({{"time", "1"}, {"width", "99999"}});
  expect_invalid({{"time", "1"}, {"height", "99999"}});
  expect_invalid({{"time", "1"}, {"width", "12.5"}});
  expect_invalid({{"time", "1"}, {"height", "+5"}});
  expect_invalid({{"time", "1"}, {"width", "9999999999999999999999"}});
}

TEST_F(CosErrorsTest, BadEnumerations) {
  start_cos();
  expect_invalid({{"time", "1"}, {"format", "gif"}});
  expect_invalid({{"time", "1"}, {"format", "JPG"}});
  expect_invalid({{"time", "1"}, {"mode", "x"}});
  expect_invalid({{"time", "1"}, {"rotate", "x"}});
}

TEST_F(CosErrorsTest, MissingObjectIsNoSuchKey) {
  start_cos();
  expect_error(cos_get(snap("/missing.mp4")), 404, "NoSuchKey");
  expect_error(cos_get(snap("/folder")), 404, "NoSuchKey");
}

TEST_F(CosErrorsTest, KeysNeverLeaveTheBucketRoot) {
  start_cos();
  // The decoded key is "../outside.mp4": a real file one level above the bucket's root.
  CosQuery dots = snap("/../outside.mp4");
  auto [query, auth] = signed_parts(dots, {});
  auto res = http_get(server_->base_url() + "/%2E%2E/%2e%2e/outside.mp4?" + query,
                      {"Host: " + std::string(kCosHost), "Authorization: " + auth});
  EXPECT_NE(res.status, 200);
  EXPECT_NE(res.header("content-type"), "image/jpeg");
  CosQuery dots2 = snap("/../../outside.mp4");
  expect_error(cos_get(dots2), 404, "NoSuchKey");
  // A symlink inside the bucket that points out of it.
  expect_error(cos_get(snap("/link-out.mp4")), 404, "NoSuchKey");
  // An absolute path smuggled as a key.
  expect_error(cos_get(snap("//" + dir_ + "/media/outside.mp4")), 404, "NoSuchKey");
}

TEST_F(CosErrorsTest, UnknownHostIsNoSuchBucket) {
  start_cos();
  CosQuery q = snap("/clip.mp4");
  q.host = "otherbucket-1250000000.cos.ap-beijing.myqcloud.com";
  expect_error(cos_get(q), 404, "NoSuchBucket");
  // The right bucket name in the wrong region is not the bucket either.
  q.host = std::string(kCosBucket) + ".cos.ap-shanghai.myqcloud.com";
  expect_error(cos_get(q), 404, "NoSuchBucket");
  // A snapshot request to the gateway's own address names no bucket.
  q.host = "127.0.0.1";
  expect_error(cos_get(q), 404, "NoSuchBucket");
}

TEST_F(CosErrorsTest, OtherOperationsAreNotImplemented) {
  start_cos();
  CosQuery get_object;
  get_object.object_path = "/clip.mp4";
  auto res = cos_get(get_object);
  expect_error(res, 501, "NotImplemented");
  EXPECT_NE(res.body.find("GetObject"), std::string::npos);
  CosQuery other = snap("/clip.mp4");
  other.params[0].second = "videoinfo";
  expect_error(cos_get(other), 501, "NotImplemented");
}

TEST_F(CosErrorsTest, WritesAreNotAllowed) {
  start_cos();
  auto res = http_post(server_->base_url() + "/clip.mp4?ci-process=snapshot&time=1", "x", "text/plain",
                       {"Host: " + std::string(kCosHost)});
  expect_error(res, 405, "MethodNotAllowed");
}

TEST_F(CosErrorsTest, AnObjectThatIsNotAVideoIsAnInvalidRequest) {
  start_cos();
  auto res = cos_get(snap("/notes.mp4"));
  expect_error(res, 400, "InvalidRequest");
}

TEST_F(CosErrorsTest, ADecompressionBombIsAnInvalidRequestAndTheServerCarriesOn) {
  for (ClipKind kind : {ClipKind::kPixelBombAvi, ClipKind::kPixelBombMov}) {
    const std::string bomb = clip_path(kind);
    ASSERT_FALSE(bomb.empty());
    std::filesystem::copy_file(bomb, bucket_dir_ + "/bomb" + std::filesystem::path(bomb).extension().string());
  }
  start_cos();
  for (const char* key : {"/bomb.avi", "/bomb.mov"}) {
    auto res = cos_get(snap(key));
    expect_error(res, 400, "InvalidRequest");
    EXPECT_NE(res.body.find("9000x9000 is above the limit"), std::string::npos) << res.body;
  }
  EXPECT_EQ(cos_get(snap("/clip.mp4")).status, 200);
}

TEST_F(CosErrorsTest, TooManySnapshotsInFlightSlowDown) {
  std::string clip = long_clip(30);
  std::filesystem::copy_file(clip, bucket_dir_ + "/long.mp4");
  start_cos(R"("engine_threads":1,"max_inflight":1,"hot_inputs":0,"result_cache_bytes":0)");
  constexpr int kClients = 8;
  std::vector<HttpResult> results(kClients);
  std::atomic<int> ready{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kClients) std::this_thread::yield();
      // Late exact frames in a long GOP: each decodes hundreds of frames.
      results[i] = cos_get(snap("/long.mp4", {{"time", std::to_string(9 + i % 3) + ".9"},
                                              {"width", std::to_string(100 + i)}}));
    });
  }
  for (auto& t : clients) t.join();
  int ok = 0;
  int slow_down = 0;
  for (const auto& res : results) {
    if (res.status == 200) {
      ++ok;
    } else {
      expect_error(res, 503, "SlowDown");
      ++slow_down;
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_GE(slow_down, 1);
}

}  // namespace
}  // namespace tg::testing
