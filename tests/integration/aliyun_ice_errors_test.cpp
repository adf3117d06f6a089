// Every ICE error over HTTP with the input that causes it, as {RequestId, HostId, Code, Message} with the
// reference's HTTP status; attacks on the parameters (oversized, duplicated, bad JSON strings, huge
// numbers, path tricks in bucket keys); and the routing that leaves ZEGO's /?Action=… alone.

#include <filesystem>

#include "integration/aliyun_ice_fixture.hpp"

namespace tg::testing {
namespace {

namespace fs = std::filesystem;

class IceErrorsTest : public IceFixture {
 protected:
  // Status and Code of a call; the body must be the error shape.
  std::pair<long, std::string> error_of(const HttpResult& res) {
    auto doc = json_of(res.body);
    EXPECT_FALSE(str_of(doc, "RequestId").empty()) << res.body;
    EXPECT_EQ(str_of(doc, "HostId"), "ice.cn-shanghai.aliyuncs.com") << res.body;
    EXPECT_FALSE(str_of(doc, "Message").empty()) << res.body;
    return {res.status, str_of(doc, "Code")};
  }
  std::pair<long, std::string> submit_error(const std::string& input, const std::string& output,
                                            const std::string& templ = R"({"TemplateId":"tpl-normal"})") {
    return error_of(ice("SubmitSnapshotJob", {{"Input", input}, {"Output", output}, {"TemplateConfig", templ}}));
  }
  static std::string oss(const std::string& media) { return R"({"Type":"OSS","Media":")" + media + R"("})"; }
};

using Expect = std::pair<long, std::string>;

TEST_F(IceErrorsTest, SigningErrors) {
  start_ice();
  IceSigning wrong_secret;
  wrong_secret.secret = "not-the-secret-0123456789";
  EXPECT_EQ(error_of(ice("ListSnapshotJobs", {}, wrong_secret)), Expect(400, "SignatureDoesNotMatch"));
  IceSigning late;
  late.time_offset_s = 16 * 60;
  EXPECT_EQ(error_of(ice("ListSnapshotJobs", {}, late)), Expect(400, "InvalidTimeStamp.Expired"));
  IceSigning early;
  early.time_offset_s = -16 * 60;
  EXPECT_EQ(error_of(ice("ListSnapshotJobs", {}, early)), Expect(400, "InvalidTimeStamp.Expired"));
  IceSigning unknown;
  unknown.key_id = "LTAI5tNoSuchKey";
  EXPECT_EQ(error_of(ice("ListSnapshotJobs", {}, unknown)), Expect(404, "InvalidAccessKeyId.NotFound"));
  IceSigning once;
  once.nonce = "nonce-used-twice";
  EXPECT_EQ(ice("ListSnapshotJobs", {}, once).status, 200);
  EXPECT_EQ(error_of(ice("ListSnapshotJobs", {}, once)), Expect(400, "SignatureNonceUsed"));
  // The same nonce under the other key is its own.
  once.key_id = kIceOtherKeyId;
  once.secret = kIceOtherSecret;
  EXPECT_EQ(ice("ListSnapshotJobs", {}, once).status, 200);
  // A malformed Timestamp (signed as sent).
  auto bad_time = http_get(server_->base_url() +
                           "/?Action=ListSnapshotJobs&Version=2020-11-09&AccessKeyId=" + kIceKeyId +
                           "&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=yesterday"
                           "&Signature=x");
  EXPECT_EQ(error_of(bad_time), Expect(400, "InvalidTimeStamp.Format"));
  auto unsigned_call = http_get(server_->base_url() + "/?Action=ListSnapshotJobs&Version=2020-11-09");
  EXPECT_EQ(error_of(unsigned_call), Expect(400, "MissingParameter"));
}

TEST_F(IceErrorsTest, ApiAndParameterErrors) {
  start_ice();
  EXPECT_EQ(error_of(ice("DeleteSnapshotJob", {})), Expect(404, "InvalidApi.NotFound"));
  EXPECT_EQ(error_of(ice("GetSnapshotJob", {})), Expect(400, "MissingParameter"));
  EXPECT_EQ(error_of(ice("GetSnapshotJob", {{"JobId", "0123456789abcdef0123456789abcdef"}})),
            Expect(404, "InvalidParameter.JobNotFound"));
  EXPECT_EQ(error_of(ice("GetSnapshotUrls", {{"JobId", "nope"}})), Expect(404, "InvalidParameter.JobNotFound"));
  for (auto [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"PageSize", "31"}, {"PageSize", "0"}, {"PageNumber", "-1"}, {"Timeout", "129601"},
           {"Timeout", "99999999999999999999"}, {"OrderBy", "Up"}}) {
    EXPECT_EQ(error_of(ice("GetSnapshotUrls", {{"JobId", "x"}, {name, value}})), Expect(400, "InvalidParameter"))
        << name << "=" << value;
  }
  for (auto [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"PageSize", "101"}, {"Status", "Running"}, {"OrderBy", "Asc"}, {"StartOfCreateTime", "2020-01-01"},
           {"NextPageToken", "abc"}}) {
    EXPECT_EQ(error_of(ice("ListSnapshotJobs", {{name, value}})), Expect(400, "InvalidParameter"))
        << name << "=" << value;
  }
  EXPECT_EQ(error_of(ice("SubmitSnapshotJob", {{"Input", oss("oss://in-bucket/clip.mp4")}})),
            Expect(400, "MissingParameter"));
  // Another key's job answers like an unknown one.
  const std::string job = submit("oss://in-bucket/clip.mp4", "oss://out-bucket/x.jpg", R"({"TemplateId":"tpl-normal"})");
  ASSERT_FALSE(job.empty());
  IceSigning other;
  other.key_id = kIceOtherKeyId;
  other.secret = kIceOtherSecret;
  EXPECT_EQ(error_of(ice("GetSnapshotJob", {{"JobId", job}}, other)), Expect(404, "InvalidParameter.JobNotFound"));
  EXPECT_EQ(error_of(ice("GetSnapshotUrls", {{"JobId", job}}, other)), Expect(404, "InvalidParameter.JobNotFound"));
}

TEST_F(IceErrorsTest, ThrottlingPerAccessKey) {
  start_ice(R"(,"requests_per_second":2)");
  int throttled = 0;
  for (int i = 0; i < 12; ++i) {
    auto res = ice("ListSnapshotJobs", {});
    if (res.status != 200) {
      EXPECT_EQ(error_of(res), Expect(400, "Throttling.User"));
      ++throttled;
    }
  }
  EXPECT_GE(throttled, 1);
  IceSigning other;
  other.key_id = kIceOtherKeyId;
  other.secret = kIceOtherSecret;
  EXPECT_EQ(ice("ListSnapshotJobs", {}, other).status, 200);  // its own budget
}

TEST_F(IceErrorsTest, BadInputsAndOutputs) {
  start_ice();
  const std::string out = oss("oss://out-bucket/x.jpg");
  for (const std::string& input :
       {oss("oss://no-such-bucket/clip.mp4"), oss("oss://in-bucket/missing.mp4"), oss("oss://in-bucket/../outside.mp4"),
        oss("oss://in-bucket/folder/../../outside.mp4"), oss("oss://in-bucket//etc/passwd"),
        oss("oss://in-bucket/link-out.mp4"), oss("http://in-bucket.oss-cn-shanghai.aliyuncs.com/%2E%2E/outside.mp4"),
        oss("https://example.com/clip.mp4"), oss("/etc/passwd"), std::string(R"({"Type":"Media","Media":"../outside.mp4"})"),
        std::string(R"({"Type":"Media","Media":"/etc/passwd"})"), std::string("{not json"), std::string("[1,2]"),
        std::string(R"({"Type":"OSS","Media":7})")}) {
    auto [status, code] = submit_error(input, out);
    EXPECT_EQ(status, 400) << input;
    EXPECT_EQ(code, "InvalidParameter") << input;
  }
  const std::string in = oss("oss://in-bucket/clip.mp4");
  for (const std::string& output :
       {oss("oss://in-bucket/x.jpg"), oss("oss://out-bucket/../x.jpg"), oss("oss://out-bucket/a/../../x.jpg"),
        oss("oss://out-bucket//x.jpg"), oss("oss://out-bucket/dir/"), std::string(R"({"Type":"Media","Media":"m1"})"),
        std::string(R"({"Type":"OSS","Media":"oss://out-bucket/a\\..\\b.jpg"})")}) {
    auto [status, code] = submit_error(in, output);
    EXPECT_EQ(status, 400) << output;
    EXPECT_EQ(code, "InvalidParameter") << output;
  }
  // Naming rules.
  EXPECT_EQ(submit_error(in, oss("oss://out-bucket/many.jpg"), R"({"TemplateId":"tpl-normal","OverwriteParams":{"Count":3}})"),
            Expect(400, "InvalidParameter"));
  EXPECT_EQ(submit_error(in, oss("oss://out-bucket/sprite.jpg"), R"({"TemplateId":"thumbgate-sprite"})"),
            Expect(400, "InvalidParameter"));
  EXPECT_EQ(submit_error(in, oss("oss://out-bucket/index.jpg"), R"({"TemplateId":"thumbgate-webvtt"})"),
            Expect(400, "InvalidParameter"));
  // Templates and huge numbers.
  for (const char* templ :
       {R"({"TemplateId":"no-such-template"})", R"({"TemplateId":"tpl-normal","OverwriteParams":{"Count":100000000}})",
        R"({"TemplateId":"tpl-normal","OverwriteParams":{"Width":1000000}})",
        R"({"TemplateId":"tpl-normal","OverwriteParams":{"Time":-5}})",
        R"({"TemplateId":"tpl-normal","OverwriteParams":{"Interval":1e308}})",
        R"({"TemplateId":"thumbgate-sprite","OverwriteParams":{"SpriteSnapshotConfig":{"CellWidth":8000,"Columns":100}}})",
        R"({"TemplateId":"tpl-normal","OverwriteParams":"Count=3"})"}) {
    EXPECT_EQ(submit_error(in, oss("oss://out-bucket/s/o-{Count}-{TileCount}.jpg"), templ), Expect(400, "InvalidParameter"))
        << templ;
  }
  // Count above the task limit (max_images_per_task) is refused before anything is queued.
  EXPECT_EQ(submit_error(in, oss("oss://out-bucket/o-{Count}.jpg"),
                         R"({"TemplateId":"tpl-normal","OverwriteParams":{"Count":5000,"Interval":1}})"),
            Expect(400, "InvalidParameter"));
  // A folder of the output bucket that is a symlink leading out of it.
  fs::create_symlink(dir_ + "/media", output_dir_ + "/escape");
  EXPECT_EQ(submit_error(in, oss("oss://out-bucket/escape/x.jpg")), Expect(400, "InvalidParameter"));
  EXPECT_EQ(submit_error(in, oss("oss://out-bucket/escape/deeper/x.jpg")), Expect(400, "InvalidParameter"));
  // Nothing was written outside the output bucket's folder, and nothing outside the data folder.
  EXPECT_FALSE(fs::exists(dir_ + "/media/x.jpg"));
  EXPECT_FALSE(fs::exists(dir_ + "/data/x.jpg"));
  EXPECT_FALSE(fs::exists(dir_ + "/x.jpg"));
}

TEST_F(IceErrorsTest, OversizedAndDuplicatedParameters) {
  start_ice();
  // The same parameter twice: ambiguous, refused before the signature is checked.
  auto dup = http_get(server_->base_url() + "/?Action=ListSnapshotJobs&Version=2020-11-09&Action=GetSnapshotJob");
  EXPECT_EQ(error_of(dup), Expect(400, "InvalidParameter"));
  // A value over 4096 bytes, and a form of thousands of fields.
  auto big = ice("SubmitSnapshotJob", {{"UserData", std::string(5000, 'u')}});
  EXPECT_EQ(error_of(big), Expect(400, "InvalidParameter"));
  std::string form = "Version=2020-11-09&AccessKeyId=x&SignatureVersion=1.0";
  for (int i = 0; i < 5000; ++i) form += "&f" + std::to_string(i) + "=1";
  auto bomb = http_post(server_->base_url() + "/", form, "application/x-www-form-urlencoded");
  EXPECT_EQ(error_of(bomb), Expect(400, "InvalidParameter"));
  auto bad_escape = http_get(server_->base_url() + "/?Action=ListSnapshotJobs&Version=2020-11-09&AccessKeyId=%zz");
  EXPECT_EQ(bad_escape.status, 400);
  auto put = http_post(server_->base_url() + "/?Version=2020-11-09", "", "text/plain");
  EXPECT_EQ(put.status, 400);
  IceSigning bad_format;
  bad_format.format = "YAML";
  EXPECT_EQ(error_of(ice("ListSnapshotJobs", {}, bad_format)), Expect(400, "InvalidParameter"));
  auto wrong_version = http_get(server_->base_url() + "/?Action=ListSnapshotJobs&Version=2014-05-26&AccessKeyId=" +
                                kIceKeyId + "&SignatureVersion=1.0");
  EXPECT_EQ(error_of(wrong_version), Expect(400, "InvalidVersion"));
}

// UserData that is not UTF-8 text is kept with U+FFFD in place of the bad bytes: every task store can hold
// it (PostgreSQL refuses such text, which would fail the whole batch of submissions written with it), and
// the answers that repeat it stay valid JSON.
TEST_F(IceErrorsTest, UserDataThatIsNotTextIsKeptAsValidText) {
  start_ice();
  const std::string job = submit("oss://in-bucket/clip.mp4", "oss://out-bucket/snap/x-{Count}.jpg",
                                 R"({"TemplateId":"tpl-normal"})", {}, "caf\xe9 \xff");
  ASSERT_FALSE(job.empty());
  auto got = ice("GetSnapshotJob", {{"JobId", job}});
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(str_of(json_of(got.body)["SnapshotJob"], "UserData"), "caf\xef\xbf\xbd \xef\xbf\xbd") << got.body;
}

TEST_F(IceErrorsTest, ZegoRequestsAreNotTaken) {
  start_ice();
  // A ZEGO call is answered by the ZEGO front door (its Code/Data envelope), not as an ICE error.
  const std::string body = call(kAppA, {{"Action", "DescribeMediaTask"}, {"Vendor", "Tencent"}, {"TaskId", "nope"}});
  EXPECT_FALSE(json_field(body, "Code").empty()) << body;
  EXPECT_TRUE(json_field(body, "HostId").empty()) << body;
  // An unsigned /?Action=… without ICE's Version or signing parameters is no one's: 404.
  EXPECT_EQ(http_get(server_->base_url() + "/?Action=SubmitSnapshotJob").status, 404);
}

}  // namespace
}  // namespace tg::testing
