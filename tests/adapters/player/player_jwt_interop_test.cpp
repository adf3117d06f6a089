// Tokens made by PyJWT (Debian's python3-jwt), an independent JWT implementation, verified by the player's
// token checks: what a customer's signing code in another language produces is accepted, and PyJWT's own
// tokens with a wrong audience, media or expiry are refused.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "adapters/player/jwt_maker.hpp"
#include "adapters/player/player_token.hpp"
#include "support/tool_command.hpp"

namespace tg::adapters::player {
namespace {

namespace jwt = tg::testing::jwt;

constexpr int64_t kNow = 1700000000;
const std::string kSecret = "pyjwt-interop-secret-0123456789abcdef";
// Debian's interpreter, where python3-jwt is installed (a PATH python may be another one).
constexpr const char* kPython = "/usr/bin/python3";

constexpr const char* kScript = R"(
import json, sys, jwt
alg, key_file, kid, claims = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
key = open(key_file).read()
print(jwt.encode(claims, key, algorithm=alg, headers={"kid": kid}))
)";

class PyJwtInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test: ctest runs the tests of this suite side by side, each with its own key pair.
    dir_ = std::filesystem::path(TG_TEST_WORK_DIR) / "player_pyjwt" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    pair_ = jwt::rsa_pair();
    write("rsa.pem", pair_.private_pem);
    write("secret.txt", kSecret);
    JwtKey hs;
    hs.kid = "hs";
    hs.secret = kSecret;
    JwtKey rs;
    rs.kid = "rs";
    rs.alg = JwtAlg::kRs256;
    rs.public_key = *signing::RsaPublicKey::from_pem(pair_.public_pem);
    settings_.keys = {hs, rs};
  }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  std::string pyjwt(const std::string& alg, const std::string& kid, const std::string& claims) {
    const std::string key_file = (dir_ / (alg == "RS256" ? "rsa.pem" : "secret.txt")).string();
    auto out = tg::testing::run_tool({kPython, "-c", kScript, alg, key_file, kid, claims});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    while (!out.out.empty() && (out.out.back() == '\n' || out.out.back() == '\r')) out.out.pop_back();
    return out.out;
  }

  tg::Result<ParamList, PlayerError> check(const std::string& token, Kind kind = Kind::kThumbnail,
                                           Format format = Format::kJpeg) {
    return check_player_token(token, PlayerPath{"clip-7", kind, format}, settings_, kNow);
  }

  std::filesystem::path dir_;
  jwt::RsaPair pair_;
  PlayerSettings settings_;
};

TEST_F(PyJwtInterop, AcceptsPyJwtRs256AndHs256Tokens) {
  auto rs = check(pyjwt("RS256", "rs", R"({"sub":"clip-7","aud":"t","exp":1700000600,"time":3})"));
  ASSERT_TRUE(rs.ok()) << rs.error().message;
  const ParamList expected = {{"time", "3"}};
  EXPECT_EQ(*rs, expected);
  auto hs = check(pyjwt("HS256", "hs", R"({"sub":"clip-7","aud":"s","exp":1700000600,"tiles":20})"),
                  Kind::kStoryboard, Format::kJson);
  ASSERT_TRUE(hs.ok()) << hs.error().message;
}

TEST_F(PyJwtInterop, RefusesPyJwtTokensForAnotherAudienceMediaOrTime) {
  EXPECT_FALSE(check(pyjwt("RS256", "rs", R"({"sub":"clip-7","aud":"g","exp":1700000600})")).ok());
  EXPECT_FALSE(check(pyjwt("RS256", "rs", R"({"sub":"clip-8","aud":"t","exp":1700000600})")).ok());
  EXPECT_FALSE(check(pyjwt("HS256", "hs", R"({"sub":"clip-7","aud":"t","exp":1699999999})")).ok());
  EXPECT_FALSE(check(pyjwt("HS256", "hs", R"({"sub":"clip-7","aud":"t","exp":1700000600,"nbf":1700000100})")).ok());
  // Signed with the HS256 secret but naming the RS256 key.
  EXPECT_FALSE(check(pyjwt("HS256", "rs", R"({"sub":"clip-7","aud":"t","exp":1700000600})")).ok());
}

}  // namespace
}  // namespace tg::adapters::player
