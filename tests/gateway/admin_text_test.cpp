#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "gateway/admin/console_files.hpp"
#include "gateway/admin/private_text.hpp"
#include "gateway/admin/request_redaction.hpp"
#include "core/redaction.hpp"
#include "gateway/admin/task_cursor.hpp"
#include "signing/digest.hpp"

namespace tg::gateway::admin {
namespace {

std::string request_json(std::string_view stored, const PrivateText& text = PrivateText()) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  write_request(w, stored, text);
  return std::string(buffer.GetString(), buffer.GetSize());
}

TEST(TaskCursorTest, RoundTripsAndRefusesWhatItDidNotMake) {
  const std::string cursor = encode_cursor({1700000000123, "task-9"});
  auto back = decode_cursor(cursor);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->created_ms, 1700000000123);
  EXPECT_EQ(back->id, "task-9");
  EXPECT_FALSE(decode_cursor(""));
  EXPECT_FALSE(decode_cursor("!!!"));
  EXPECT_FALSE(decode_cursor(signing::base64url_encode("no-colon")));
  EXPECT_FALSE(decode_cursor(signing::base64url_encode(":id")));
  EXPECT_FALSE(decode_cursor(signing::base64url_encode("-5:id")));
  EXPECT_FALSE(decode_cursor(signing::base64url_encode("12x:id")));
  EXPECT_FALSE(decode_cursor(signing::base64url_encode("99999999999999999999999:id")));
  EXPECT_FALSE(decode_cursor(signing::base64url_encode("12:")));
  EXPECT_FALSE(decode_cursor(signing::base64url_encode(std::string("12:a\0b", 6))));
  EXPECT_FALSE(decode_cursor(std::string(600, 'A')));
}

TEST(RequestRedactionTest, SecretNamesLoseTheirValuesEverywhere) {
  const std::string shown = request_json(
      R"({"method":"POST","path":"/v2/index.php","query":[["Action","CreateImageSprite"],["Signature","SECRETSIG"],)"
      R"(["SecretId","AKID1"],["x-amz-signature","S2"],["q-sign-time","1;2"],["Token","T"]],)"
      R"("body":"fileId=1&Signature=SECRETSIG2&ServerSecret=abc","extra":{"nested":{"password":"pw","ok":1}}})");
  for (const char* secret : {"SECRETSIG", "S2\"", "\"T\"", "SECRETSIG2", "abc", "pw"}) {
    EXPECT_EQ(shown.find(secret), std::string::npos) << secret << " in " << shown;
  }
  EXPECT_NE(shown.find(R"(["Action","CreateImageSprite"])"), std::string::npos) << shown;
  EXPECT_NE(shown.find(R"(["SecretId","AKID1"])"), std::string::npos) << shown;  // an id, not a secret
  EXPECT_NE(shown.find(R"(["Signature","***"])"), std::string::npos) << shown;
  EXPECT_NE(shown.find("fileId=1&Signature=***&ServerSecret=***"), std::string::npos) << shown;
  EXPECT_NE(shown.find(R"("ok":1)"), std::string::npos) << shown;
}

TEST(RequestRedactionTest, JsonBodiesAndUrlsAreRedacted) {
  const std::string shown = request_json(
      R"({"method":"POST","path":"/v1/p/thumbnails","query":[],)"
      R"("body":"{\"input\":{\"url\":\"http://user:pass@h/x.mp4?sig=abc\"},\"access_token\":\"zz\"}"})");
  EXPECT_EQ(shown.find("user:pass"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("abc"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("zz"), std::string::npos) << shown;
  EXPECT_NE(shown.find("http://***@h/x.mp4?sig=***"), std::string::npos) << shown;
}

TEST(RequestRedactionTest, NothingStoredOrNoJsonIsNull) {
  EXPECT_EQ(request_json(""), "null");
  EXPECT_EQ(request_json("{not json"), "null");
  EXPECT_EQ(request_json("[1,2]"), "null");
}

TEST(RequestRedactionTest, SecretNames) {
  for (const char* name : {"Signature", "signature", "X-Amz-Signature", "q-signature", "ServerSecret", "SecretKey",
                           "secret_key", "Token", "x-cos-security-token", "AccessKeySecret", "password", "Sign",
                           "Authorization", "api_key", "SessionToken"}) {
    EXPECT_TRUE(is_credential_name(name)) << name;
  }
  for (const char* name : {"Action", "SecretId", "AccessKeyId", "FileId", "AppId", "Timestamp", "Region",
                           "SignatureNonce", "SignatureVersion", "SignatureMethod", "q-sign-algorithm"}) {
    EXPECT_FALSE(is_credential_name(name)) << name;
  }
}

TEST(PrivateTextTest, ServerFoldersAndUrlCredentialsAreReplaced) {
  PrivateText text({{"/srv/tg/data", "<data_dir>"}, {"/srv/tg/media/", "<media_root>"}});
  EXPECT_EQ(text.scrub("cannot open /srv/tg/media/rec/a.mp4: no such file"),
            "cannot open <media_root>/rec/a.mp4: no such file");
  EXPECT_EQ(text.scrub("write /srv/tg/data/outputs/t1/0.jpg failed"), "write <data_dir>/outputs/t1/0.jpg failed");
  EXPECT_EQ(text.scrub("POST http://u:p@cb.example/x?token=s: refused"), "POST http://***@cb.example/x?token=***: refused");
  EXPECT_EQ(text.scrub("in /bucket/out/x.jpg", {{"/bucket/out", "<output_dir>"}}), "in <output_dir>/x.jpg");
}

TEST(ConsoleFilesTest, ServesTheEmbeddedFilesWithTheirPolicy) {
  ConsoleFiles files = [](std::string_view name) -> std::optional<ConsoleFile> {
    if (name == "index.html") return ConsoleFile{"text/html; charset=utf-8", "<html></html>"};
    if (name == "app.js") return ConsoleFile{"text/javascript; charset=utf-8", "1;"};
    return std::nullopt;
  };
  auto index = console_answer(files, "/admin/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<html></html>");
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  auto header = [](const ApiResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return std::string();
  };
  EXPECT_EQ(header(*index, "Content-Security-Policy"), std::string(kConsolePolicy));
  EXPECT_EQ(header(*index, "X-Frame-Options"), "DENY");
  EXPECT_EQ(header(*index, "Cache-Control"), "no-store");
  EXPECT_EQ(header(*index, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(console_answer(files, "/admin/app.js")->body, "1;");
  auto moved = console_answer(files, "/admin");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->status, 308);
  EXPECT_EQ(header(*moved, "Location"), "/admin/");
  EXPECT_FALSE(console_answer(files, "/admin/app.css"));
  EXPECT_FALSE(console_answer(files, "/admin/x/../app.js"));
  EXPECT_FALSE(console_answer(files, "/admin/%2e%2e/app.js"));
  EXPECT_FALSE(console_answer(ConsoleFiles{}, "/admin/"));
}

}  // namespace
}  // namespace tg::gateway::admin
