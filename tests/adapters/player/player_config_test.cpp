#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "adapters/player/jwt_maker.hpp"
#include "adapters/player/player_config.hpp"

namespace tg::adapters::player {
namespace {

namespace jwt = tg::testing::jwt;

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') out += "\\n";
    else out += c;
  }
  return out + "\"";
}

tg::Result<Ok, std::string> read(const std::string& json, PlayerSettings& settings) {
  rapidjson::Document doc;
  EXPECT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
  return read_player_section(doc, "player", settings);
}

std::string error_of(const std::string& json) {
  PlayerSettings s;
  auto r = read(json, s);
  return r.ok() ? "(accepted)" : r.error();
}

const std::string kSecret = R"("0123456789abcdef0123456789abcdef")";

TEST(PlayerConfig, ReadsPoliciesAndBothKindsOfKey) {
  const jwt::RsaPair pair = jwt::rsa_pair();
  PlayerSettings s;
  auto r = read(R"({"policy":"signed","media":{"trailer.mp4":"public"},"max_token_bytes":2048,"keys":[)"
                R"({"kid":"a","alg":"HS256","secret":)" + kSecret + R"(},)"
                R"({"kid":"b","alg":"RS256","public_key":)" + json_string(pair.public_pem) + "}]}",
                s);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(s.policy, PlaybackPolicy::kSigned);
  EXPECT_EQ(s.policy_for("trailer.mp4"), PlaybackPolicy::kPublic);
  EXPECT_EQ(s.policy_for("other"), PlaybackPolicy::kSigned);
  EXPECT_EQ(s.max_token_bytes, 2048u);
  ASSERT_EQ(s.keys.size(), 2u);
  EXPECT_EQ(s.keys[0].alg, JwtAlg::kHs256);
  EXPECT_EQ(s.keys[1].alg, JwtAlg::kRs256);
  ASSERT_TRUE(s.keys[1].public_key.has_value());
  EXPECT_EQ(s.keys[1].public_key->bits(), 2048);

  PlayerSettings defaults;
  ASSERT_TRUE(read("{}", defaults).ok());
  EXPECT_EQ(defaults.policy, PlaybackPolicy::kPublic);
  EXPECT_EQ(defaults.max_token_bytes, kDefaultMaxTokenBytes);
  EXPECT_EQ(defaults.preview_rendition_bytes, int64_t{1} << 30);
  EXPECT_EQ(defaults.preview_rendition_max_s, 3600);

  PlayerSettings renditions;
  ASSERT_TRUE(read(R"({"preview_rendition_bytes":0,"preview_rendition_max_s":600})", renditions).ok());
  EXPECT_EQ(renditions.preview_rendition_bytes, 0);
  EXPECT_EQ(renditions.preview_rendition_max_s, 600);
}

TEST(PlayerConfig, AFolderPolicyCoversTheMediaUnderItAndTheDeepestWins) {
  PlayerSettings s;
  auto r = read(R"({"media":{"private/":"signed","private/teasers/":"public","private/teasers/secret.mp4":"signed",)"
                R"("open.mp4":"signed"},"keys":[{"kid":"a","alg":"HS256","secret":)" + kSecret + "}]}",
                s);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(s.policy_for("private/a.mp4"), PlaybackPolicy::kSigned);
  EXPECT_EQ(s.policy_for("private/x/y/z.mp4"), PlaybackPolicy::kSigned);
  EXPECT_EQ(s.policy_for("private/teasers/a.mp4"), PlaybackPolicy::kPublic);
  EXPECT_EQ(s.policy_for("private/teasers/deeper/a.mp4"), PlaybackPolicy::kPublic);
  EXPECT_EQ(s.policy_for("private/teasers/secret.mp4"), PlaybackPolicy::kSigned);
  EXPECT_EQ(s.policy_for("open.mp4"), PlaybackPolicy::kSigned);
  // A folder entry covers what is under it, not a media id that merely starts with its name.
  EXPECT_EQ(s.policy_for("private"), PlaybackPolicy::kPublic);
  EXPECT_EQ(s.policy_for("privateer.mp4"), PlaybackPolicy::kPublic);
  EXPECT_EQ(s.policy_for("open.mp4/x"), PlaybackPolicy::kPublic);
  EXPECT_EQ(s.policy_for("other/private/a.mp4"), PlaybackPolicy::kPublic);
}

TEST(PlayerConfig, APrivateBucketsObjectsAreSignedUnlessAnEntryOpensThem) {
  PlayerSettings s;
  s.buckets = {{"closed-1250000000", "/srv/closed", true}, {"open-1250000000", "/srv/open", false}};
  s.media_policies["cos:closed-1250000000/trailers/"] = PlaybackPolicy::kPublic;
  EXPECT_EQ(s.policy_for("cos:closed-1250000000/movies/a.mp4"), PlaybackPolicy::kSigned);
  EXPECT_EQ(s.policy_for("cos:closed-1250000000/trailers/a.mp4"), PlaybackPolicy::kPublic);
  EXPECT_EQ(s.policy_for("cos:open-1250000000/a.mp4"), PlaybackPolicy::kPublic);
  EXPECT_EQ(s.policy_for("cos:unknown-1250000000/a.mp4"), PlaybackPolicy::kPublic);  // not found later
  EXPECT_EQ(s.policy_for("closed-1250000000/a.mp4"), PlaybackPolicy::kPublic);      // a media_root path
  s.policy = PlaybackPolicy::kSigned;
  EXPECT_EQ(s.policy_for("cos:open-1250000000/a.mp4"), PlaybackPolicy::kSigned);  // the default still holds

  ASSERT_TRUE(bucket_media_id("cos:b-1/k/x.mp4"));
  EXPECT_EQ(bucket_media_id("cos:b-1/k/x.mp4")->bucket, "b-1");
  EXPECT_EQ(bucket_media_id("cos:b-1/k/x.mp4")->key, "k/x.mp4");
  EXPECT_EQ(bucket_media_id("cos:b-1")->key, "");
  EXPECT_FALSE(bucket_media_id("cosb-1/x.mp4"));
  EXPECT_FALSE(bucket_media_id("a/cos:b-1/x.mp4"));
}

TEST(PlayerConfig, NamesTheBadField) {
  EXPECT_EQ(error_of(R"({"polcy":"public"})"), "player.polcy: unknown field");
  EXPECT_EQ(error_of(R"({"policy":"private"})").rfind("player.policy:", 0), 0u);
  EXPECT_EQ(error_of(R"({"policy":"signed"})").rfind("player.keys:", 0), 0u);
  EXPECT_EQ(error_of(R"({"media":{"a":"signed"}})").rfind("player.keys:", 0), 0u);
  EXPECT_EQ(error_of(R"({"media":{"../x":"public"}})").rfind("player.media.../x:", 0), 0u);
  EXPECT_EQ(error_of(R"({"media":{"a/../x":"public"}})").rfind("player.media.a/../x:", 0), 0u);
  EXPECT_EQ(error_of(R"({"media":{"/":"public"}})").rfind("player.media./:", 0), 0u);
  EXPECT_EQ(error_of(R"({"media":{"a//":"public"}})").rfind("player.media.a//:", 0), 0u);
  EXPECT_EQ(error_of(R"({"media":{"/a":"public"}})").rfind("player.media./a:", 0), 0u);
  EXPECT_EQ(error_of(R"({"keys":[{"kid":"a","alg":"none","secret":)" + kSecret + "}]}").rfind("player.keys[0].alg:", 0), 0u);
  EXPECT_EQ(error_of(R"({"keys":[{"kid":"a","alg":"HS384","secret":)" + kSecret + "}]}").rfind("player.keys[0].alg:", 0), 0u);
  EXPECT_EQ(error_of(R"({"keys":[{"kid":"a","alg":"HS256","secret":"short"}]})").rfind("player.keys[0].secret:", 0), 0u);
  EXPECT_EQ(error_of(R"({"keys":[{"kid":"a","alg":"HS256"}]})").rfind("player.keys[0].secret:", 0), 0u);
  EXPECT_EQ(error_of(R"({"keys":[{"alg":"HS256","secret":)" + kSecret + "}]}").rfind("player.keys[0].kid:", 0), 0u);
  EXPECT_EQ(error_of(R"({"keys":[{"kid":"a","alg":"RS256","public_key":"not a pem"}]})")
                .rfind("player.keys[0].public_key:", 0), 0u);
  EXPECT_EQ(error_of(R"({"keys":[{"kid":"a","alg":"RS256","secret":)" + kSecret + "}]}")
                .rfind("player.keys[0].secret:", 0), 0u);
  EXPECT_EQ(error_of(R"({"keys":[{"kid":"a","alg":"HS256","secret":)" + kSecret + R"(},{"kid":"a","alg":"HS256","secret":)" +
                     kSecret + "}]}").rfind("player.keys[1].kid:", 0), 0u);
  EXPECT_EQ(error_of(R"({"max_token_bytes":100})").rfind("player.max_token_bytes:", 0), 0u);
  EXPECT_EQ(error_of(R"({"max_token_bytes":100000})").rfind("player.max_token_bytes:", 0), 0u);
  EXPECT_EQ(error_of(R"({"preview_rendition_bytes":-1})").rfind("player.preview_rendition_bytes:", 0), 0u);
  EXPECT_EQ(error_of(R"({"preview_rendition_bytes":"1G"})").rfind("player.preview_rendition_bytes:", 0), 0u);
  EXPECT_EQ(error_of(R"({"preview_rendition_max_s":0})").rfind("player.preview_rendition_max_s:", 0), 0u);
  EXPECT_EQ(error_of(R"({"preview_rendition_max_s":100000})").rfind("player.preview_rendition_max_s:", 0), 0u);
  // The secret never appears in a message.
  EXPECT_EQ(error_of(R"({"keys":[{"kid":"a","alg":"HS256","secret":"tiny-secret"}]})").find("tiny-secret"),
            std::string::npos);
}

TEST(PlayerConfig, RefusesWeakOrNonRsaPublicKeys) {
  const jwt::RsaPair small = jwt::rsa_pair(1024);
  EXPECT_NE(error_of(R"({"keys":[{"kid":"a","alg":"RS256","public_key":)" + json_string(small.public_pem) + "}]}")
                .find("2048"),
            std::string::npos);
  EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  ASSERT_NE(ec, nullptr);
  const std::string ec_pem = jwt::pem_of(ec, false);
  EVP_PKEY_free(ec);
  EXPECT_NE(error_of(R"({"keys":[{"kid":"a","alg":"RS256","public_key":)" + json_string(ec_pem) + "}]}").find("RSA"),
            std::string::npos);
  const jwt::RsaPair pair = jwt::rsa_pair();
  EXPECT_EQ(error_of(R"({"keys":[{"kid":"a","alg":"RS256","public_key":)" + json_string(pair.private_pem) + "}]}")
                .rfind("player.keys[0].public_key:", 0),
            0u);
}

}  // namespace
}  // namespace tg::adapters::player
