// Objects of the config's COS buckets as player media ("/v/cos:<bucket>/<key>/…"): a private bucket's only
// on signed URLs unless a policy entry opens a folder of it, a public-read bucket's and an http origin's
// served as any media, and keys that lead nowhere or out of the bucket refused without a path.

#include <gtest/gtest.h>

#include <filesystem>

#include "integration/player_fixture.hpp"
#include "support/clips.hpp"
#include "support/range_file_server.hpp"

namespace tg::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPrivate = "privbucket-1250000000";
constexpr const char* kPublic = "openbucket-1250000000";

class PlayerBuckets : public PlayerFixture {
 protected:
  void SetUp() override {
    PlayerFixture::SetUp();
    const std::string clip = clip_path(ClipKind::kH264Short);
    ASSERT_FALSE(clip.empty());
    // Bucket roots outside media_root: only the bucket's own lookup reaches them.
    for (const char* folder : {"/buckets/private/movies", "/buckets/private/trailers", "/buckets/public", "/outside"}) {
      fs::create_directories(dir_ + folder);
    }
    fs::copy_file(clip, dir_ + "/buckets/private/movies/a.mp4");
    fs::copy_file(clip, dir_ + "/buckets/private/trailers/t.mp4");
    fs::copy_file(clip, dir_ + "/buckets/public/p.mp4");
    fs::copy_file(clip, dir_ + "/outside/secret.mp4");
    fs::create_symlink(dir_ + "/outside/secret.mp4", dir_ + "/buckets/public/link.mp4");
    fs::create_symlink(dir_ + "/outside", dir_ + "/buckets/public/out");
  }

  std::string buckets_json(const std::string& more = "") const {
    return R"(,"cos":{"buckets":[{"name":")" + std::string(kPrivate) + R"(","region":"ap-beijing","root":")" + dir_ +
           R"(/buckets/private","acl":"private"},{"name":")" + kPublic + R"(","region":"ap-beijing","root":")" + dir_ +
           R"(/buckets/public","acl":"public-read"})" + more + "]}";
  }

  static std::string id(const char* bucket, const std::string& key) { return "cos:" + std::string(bucket) + "/" + key; }
};

TEST_F(PlayerBuckets, APrivateBucketsObjectsNeedATokenForThatObject) {
  start_player("", R"("premium.mp4":"signed")", buckets_json());
  const std::string movie = id(kPrivate, "movies/a.mp4");
  auto bare = get("/v/" + movie + "/thumbnail.jpg?time=1");
  EXPECT_EQ(bare.status, 403) << bare.body;
  EXPECT_EQ(error_type_of(bare), "invalid_token");

  auto signed_url = get("/v/" + movie + "/thumbnail.jpg?time=1&token=" + hs_token(claims(movie, "t", 300)));
  ASSERT_EQ(signed_url.status, 200) << signed_url.body;
  auto image = image_of(signed_url);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->codec, "mjpeg");
  EXPECT_EQ(image->width, 320);

  // A token for another object of the bucket opens nothing else.
  auto other = get("/v/" + id(kPrivate, "trailers/t.mp4") + "/thumbnail.jpg?token=" + hs_token(claims(movie, "t", 300)));
  EXPECT_EQ(other.status, 403) << other.body;
}

TEST_F(PlayerBuckets, APolicyEntryOpensAFolderOfAPrivateBucket) {
  start_player("", R"("cos:privbucket-1250000000/trailers/":"public")", buckets_json());
  auto trailer = get("/v/" + id(kPrivate, "trailers/t.mp4") + "/animated.gif?start=1&end=2&width=96");
  ASSERT_EQ(trailer.status, 200) << trailer.body;
  EXPECT_EQ(image_of(trailer)->width, 96);
  EXPECT_EQ(get("/v/" + id(kPrivate, "movies/a.mp4") + "/thumbnail.jpg").status, 403);
}

TEST_F(PlayerBuckets, APublicBucketsObjectsAreServedAsAnyMedia) {
  start_player("", R"("premium.mp4":"signed")", buckets_json());
  const std::string object = id(kPublic, "p.mp4");
  auto thumb = get("/v/" + object + "/thumbnail.webp?time=2&width=160");
  ASSERT_EQ(thumb.status, 200) << thumb.body;
  EXPECT_EQ(image_of(thumb)->width, 160);
  EXPECT_FALSE(thumb.header("etag").empty());
  EXPECT_EQ(thumb.header("last-modified"), http_mtime(dir_ + "/buckets/public/p.mp4"));
  // The storyboard's sheet URL names the same object, and the sheet loads.
  auto json = get("/v/" + object + "/storyboard.json?tiles=4&columns=2&width=80");
  ASSERT_EQ(json.status, 200) << json.body;
  const std::string sheet = json_field(json.body, "url");
  ASSERT_EQ(sheet.rfind(base() + "/v/" + object + "/storyboard.jpg?", 0), 0u) << sheet;
  auto sheet_res = http_get(sheet);
  ASSERT_EQ(sheet_res.status, 200) << sheet_res.body;
  EXPECT_EQ(image_of(sheet_res)->width, 160);
}

TEST_F(PlayerBuckets, AnOriginBucketsObjectsAreReadFromTheOrigin) {
  fs::create_directories(dir_ + "/origin/dir");
  fs::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/origin/dir/o.mp4");
  RangeFileServer origin(dir_ + "/origin");
  start_player("", R"("premium.mp4":"signed")",
               buckets_json(R"(,{"name":"originbucket-1250000000","region":"ap-beijing","root":")" + origin.base_url() +
                            R"(","acl":"public-read"})"));
  auto res = get("/v/cos:originbucket-1250000000/dir/o.mp4/thumbnail.jpg?time=1&width=64");
  ASSERT_EQ(res.status, 200) << res.body << " origin asked for: " << ::testing::PrintToString(origin.paths());
  EXPECT_EQ(image_of(res)->width, 64);
  ASSERT_FALSE(origin.paths().empty());
  EXPECT_EQ(origin.paths().front(), "/origin/dir/o.mp4");
  auto missing = get("/v/cos:originbucket-1250000000/dir/none.mp4/thumbnail.jpg");
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_EQ(missing.body.find(origin.base_url()), std::string::npos);
}

TEST_F(PlayerBuckets, KeysThatLeadNowhereOrOutAreRefusedWithoutAPath) {
  start_player("", R"("premium.mp4":"signed")", buckets_json());
  struct Case {
    std::string path;
    int status;
  };
  const Case cases[] = {
      {"/v/cos:nobucket-1250000000/p.mp4/thumbnail.jpg", 404},        // not a configured bucket
      {"/v/" + id(kPublic, "none.mp4") + "/thumbnail.jpg", 404},      // no such object
      {"/v/" + id(kPublic, "link.mp4") + "/thumbnail.jpg", 404},      // a symlink leading out
      {"/v/" + id(kPublic, "out/secret.mp4") + "/thumbnail.jpg", 404},  // a symlinked folder leading out
      {"/v/cos:" + std::string(kPublic) + "/thumbnail.jpg", 404},     // the bucket without a key
      {"/v/" + id(kPublic, "../private/movies/a.mp4") + "/thumbnail.jpg", 400},
      {"/v/" + id(kPublic, "%2E%2E/private/movies/a.mp4") + "/thumbnail.jpg", 400},
      {"/v/" + id(kPublic, "x%2F..%2F..%2Fprivate%2Fmovies%2Fa.mp4") + "/thumbnail.jpg", 400},
  };
  for (const Case& c : cases) {
    auto res = get(c.path);
    EXPECT_EQ(res.status, c.status) << c.path << " " << res.body;
    EXPECT_EQ(parameter_of(res), "media") << c.path << " " << res.body;
    EXPECT_EQ(res.body.find(dir_), std::string::npos) << c.path << " " << res.body;
  }
}

}  // namespace
}  // namespace tg::testing
