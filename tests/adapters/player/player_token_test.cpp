#include <gtest/gtest.h>

#include <string>

#include "adapters/player/jwt_maker.hpp"
#include "adapters/player/player_token.hpp"

namespace tg::adapters::player {
namespace {

namespace jwt = tg::testing::jwt;

constexpr int64_t kNow = 1700000000;
const std::string kSecret = "0123456789abcdef0123456789abcdef-hs";

const jwt::RsaPair& rsa() {
  static const jwt::RsaPair pair = jwt::rsa_pair();
  return pair;
}

PlayerSettings settings() {
  PlayerSettings s;
  JwtKey hs;
  hs.kid = "hs";
  hs.alg = JwtAlg::kHs256;
  hs.secret = kSecret;
  JwtKey rs;
  rs.kid = "rs";
  rs.alg = JwtAlg::kRs256;
  rs.public_key = *signing::RsaPublicKey::from_pem(rsa().public_pem);
  s.keys = {hs, rs};
  return s;
}

std::string claims(const std::string& extra = "", const std::string& sub = "m", const std::string& aud = "t",
                   int64_t exp = kNow + 600) {
  return R"({"sub":")" + sub + R"(","aud":")" + aud + R"(","exp":)" + std::to_string(exp) + extra + "}";
}

PlayerPath thumb() { return PlayerPath{"m", Kind::kThumbnail, Format::kJpeg}; }

tg::Result<ParamList, PlayerError> check(const std::string& token, const PlayerSettings& s = settings(),
                                         const PlayerPath& path = thumb()) {
  return check_player_token(token, path, s, kNow);
}

// The refusal's message, checking it is a 403 invalid_token.
std::string refusal(const tg::Result<ParamList, PlayerError>& r) {
  if (r.ok()) return "(accepted)";
  EXPECT_EQ(r.error().http_status, 403);
  EXPECT_EQ(r.error().type, "invalid_token");
  return r.error().message;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(PlayerToken, AcceptsHs256AndRs256TokensForThisMediaAndKind) {
  auto hs = check(jwt::hs256_token(R"({"alg":"HS256","typ":"JWT","kid":"hs"})", claims(), kSecret));
  ASSERT_TRUE(hs.ok()) << hs.error().message;
  EXPECT_TRUE(hs->empty());
  auto rs = check(jwt::rs256_token(R"({"alg":"RS256","kid":"rs"})", claims(R"(,"kid":"rs","nbf":1699999999,"iat":1)"),
                                   rsa().key.get()));
  ASSERT_TRUE(rs.ok()) << rs.error().message;
  PlayerPath board{"m", Kind::kStoryboard, Format::kVtt};
  EXPECT_TRUE(check(jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", claims("", "m", "s"), kSecret), settings(), board).ok());
  PlayerPath gif{"m", Kind::kAnimated, Format::kGif};
  EXPECT_TRUE(check(jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", claims("", "m", "g"), kSecret), settings(), gif).ok());
}

TEST(PlayerToken, ReturnsParameterClaimsAsQueryText) {
  auto r = check(jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})",
                                  claims(R"(,"time":12.5,"width":320,"flip_h":true,"fit_mode":"pad")"), kSecret));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const ParamList expected = {{"time", "12.5"}, {"width", "320"}, {"flip_h", "true"}, {"fit_mode", "pad"}};
  EXPECT_EQ(*r, expected);
  auto unknown = check(jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", claims(R"(,"fps":10)"), kSecret));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().parameter, "fps");
  auto object = check(jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", claims(R"(,"width":{"a":1})"), kSecret));
  ASSERT_FALSE(object.ok());
  EXPECT_EQ(object.error().parameter, "width");
}

TEST(PlayerToken, RefusesAlgNone) {
  const std::string payload = jwt::b64url(claims());
  for (const char* header : {R"({"alg":"none"})", R"({"alg":"none","kid":"hs"})", R"({"alg":"None","kid":"hs"})",
                             R"({"alg":"NONE","kid":"rs"})", R"({"alg":"HS256","alg":"none","kid":"hs"})"}) {
    const std::string unsigned_token = jwt::b64url(header) + "." + payload + ".";
    EXPECT_FALSE(check(unsigned_token).ok()) << header;
    const std::string with_hmac = jwt::b64url(header) + "." + payload + "." +
                                  jwt::b64url(jwt::hs256(kSecret, jwt::b64url(header) + "." + payload));
    EXPECT_FALSE(check(with_hmac).ok()) << header;
  }
  EXPECT_TRUE(has(refusal(check(jwt::b64url(R"({"alg":"none"})") + "." + payload + ".")), "alg"));
}

TEST(PlayerToken, RefusesAnHs256TokenMadeWithTheRsaPublicKeyAsSecret) {
  // The key-confusion attack: the public key is public, so anyone can HMAC with its text.
  const std::string forged = jwt::hs256_token(R"({"alg":"HS256","kid":"rs"})", claims(), rsa().public_pem);
  EXPECT_TRUE(has(refusal(check(forged)), "is not its key's RS256"));
  // And the other way: an RS256 header on a token for the HS256 key.
  const std::string switched = jwt::rs256_token(R"({"alg":"RS256","kid":"hs"})", claims(), rsa().key.get());
  EXPECT_TRUE(has(refusal(check(switched)), "is not its key's HS256"));
  for (const char* alg : {"HS384", "HS512", "RS512", "ES256", "PS256"}) {
    const std::string other = jwt::hs256_token(std::string(R"({"alg":")") + alg + R"(","kid":"hs"})", claims(), kSecret);
    EXPECT_FALSE(check(other).ok()) << alg;
  }
}

TEST(PlayerToken, RefusesExpiredNotYetValidAndNonExpiringTokens) {
  const std::string header = R"({"alg":"HS256","kid":"hs"})";
  EXPECT_TRUE(has(refusal(check(jwt::hs256_token(header, claims("", "m", "t", kNow - 1), kSecret))), "expired"));
  EXPECT_TRUE(has(refusal(check(jwt::hs256_token(header, claims("", "m", "t", kNow), kSecret))), "expired"));
  EXPECT_TRUE(check(jwt::hs256_token(header, claims("", "m", "t", kNow + 1), kSecret)).ok());
  EXPECT_TRUE(has(refusal(check(jwt::hs256_token(header, claims(R"(,"nbf":1700000001)"), kSecret))), "not valid yet"));
  EXPECT_TRUE(check(jwt::hs256_token(header, claims(R"(,"nbf":1700000000)"), kSecret)).ok());
  EXPECT_TRUE(has(refusal(check(jwt::hs256_token(header, R"({"sub":"m","aud":"t"})", kSecret))), "no exp"));
  EXPECT_FALSE(check(jwt::hs256_token(header, R"({"sub":"m","aud":"t","exp":"1800000000"})", kSecret)).ok());
  EXPECT_FALSE(check(jwt::hs256_token(header, R"({"sub":"m","aud":"t","exp":null})", kSecret)).ok());
  EXPECT_FALSE(check(jwt::hs256_token(header, claims(R"(,"nbf":"0")"), kSecret)).ok());
}

TEST(PlayerToken, RefusesTamperedPayloadsAndSignatures) {
  const std::string good = jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", claims(), kSecret);
  ASSERT_TRUE(check(good).ok());
  const auto dot1 = good.find('.');
  const auto dot2 = good.rfind('.');
  // Another payload under the same signature.
  const std::string other_payload = good.substr(0, dot1 + 1) + jwt::b64url(claims("", "m", "t", kNow + 999999)) +
                                    good.substr(dot2);
  EXPECT_TRUE(has(refusal(check(other_payload)), "signature"));
  std::string flipped = good;
  flipped[dot2 + 3] = flipped[dot2 + 3] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(has(refusal(check(flipped)), "signature"));
  EXPECT_FALSE(check(good.substr(0, good.size() - 2)).ok());
  EXPECT_FALSE(check(good.substr(0, dot2 + 1)).ok());
  EXPECT_FALSE(check(jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", claims(), kSecret + "x")).ok());

  const std::string rs_good = jwt::rs256_token(R"({"alg":"RS256","kid":"rs"})", claims(), rsa().key.get());
  ASSERT_TRUE(check(rs_good).ok());
  std::string rs_flipped = rs_good;
  rs_flipped[rs_good.rfind('.') + 10] = rs_flipped[rs_good.rfind('.') + 10] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(has(refusal(check(rs_flipped)), "signature"));
  const jwt::RsaPair other = jwt::rsa_pair();
  EXPECT_FALSE(check(jwt::rs256_token(R"({"alg":"RS256","kid":"rs"})", claims(), other.key.get())).ok());
}

TEST(PlayerToken, RefusesAnotherAudienceOrMedia) {
  const std::string header = R"({"alg":"HS256","kid":"hs"})";
  EXPECT_TRUE(has(refusal(check(jwt::hs256_token(header, claims("", "m", "s"), kSecret))), "aud"));
  EXPECT_TRUE(has(refusal(check(jwt::hs256_token(header, claims("", "m", "g"), kSecret))), "aud"));
  EXPECT_FALSE(check(jwt::hs256_token(header, R"({"sub":"m","aud":["t"],"exp":1800000000})", kSecret)).ok());
  EXPECT_FALSE(check(jwt::hs256_token(header, R"({"sub":"m","exp":1800000000})", kSecret)).ok());
  EXPECT_TRUE(has(refusal(check(jwt::hs256_token(header, claims("", "other"), kSecret))), "sub"));
  EXPECT_TRUE(has(refusal(check(jwt::hs256_token(header, claims("", "M"), kSecret))), "sub"));
  EXPECT_FALSE(check(jwt::hs256_token(header, R"({"aud":"t","exp":1800000000})", kSecret)).ok());
  EXPECT_FALSE(check(jwt::hs256_token(header, R"({"sub":7,"aud":"t","exp":1800000000})", kSecret)).ok());
}

TEST(PlayerToken, PicksTheKeyByKidAndRefusesUnknownOnes) {
  const std::string payload = claims();
  EXPECT_TRUE(has(refusal(check(jwt::hs256_token(R"({"alg":"HS256","kid":"nope"})", payload, kSecret))), "kid"));
  EXPECT_TRUE(has(refusal(check(jwt::hs256_token(R"({"alg":"HS256"})", payload, kSecret))), "kid"));
  EXPECT_FALSE(check(jwt::hs256_token(R"({"alg":"HS256","kid":7})", payload, kSecret)).ok());
  // One key: the token may leave kid out.
  PlayerSettings one = settings();
  one.keys.resize(1);
  EXPECT_TRUE(check(jwt::hs256_token(R"({"alg":"HS256"})", payload, kSecret), one).ok());
  // A kid claim must name the key that signed.
  EXPECT_FALSE(check(jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", claims(R"(,"kid":"rs")"), kSecret)).ok());
  PlayerSettings none = settings();
  none.keys.clear();
  EXPECT_FALSE(check(jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", payload, kSecret), none).ok());
}

TEST(PlayerToken, CapsTheLengthBeforeParsing) {
  PlayerSettings s = settings();
  s.max_token_bytes = 256;
  const std::string padding(300, 'a');
  const std::string big = jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", claims(R"(,"jti":")" + padding + "\""), kSecret);
  EXPECT_TRUE(has(refusal(check(big, s)), "longer than 256 bytes"));
  EXPECT_TRUE(check(big).ok());  // the same token under the default cap
  // Garbage past the cap is refused for its length alone.
  EXPECT_TRUE(has(refusal(check(std::string(5000, '.'))), "longer than 4096"));
}

TEST(PlayerToken, RefusesMalformedTokens) {
  const std::string good = jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", claims(), kSecret);
  for (const std::string& bad :
       {std::string(""), std::string("abc"), std::string("a.b"), good + ".x", std::string("..."), std::string(".."),
        "=" + good, good.substr(0, good.find('.')) + "+" + good.substr(good.find('.')),
        jwt::hs256_token("[1,2]", claims(), kSecret), jwt::hs256_token("not json", claims(), kSecret),
        jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", "[]", kSecret),
        jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", claims() + "x", kSecret),
        jwt::hs256_token(R"({"alg":"HS256","kid":"hs","crit":["exp"]})", claims(), kSecret),
        jwt::hs256_token(R"({"alg":"HS256","kid":"hs","typ":"JWE"})", claims(), kSecret),
        jwt::hs256_token(R"({"alg":"HS256","kid":"hs"})", R"({"sub":"m","sub":"x","aud":"t","exp":1800000000})", kSecret),
        jwt::hs256_token(std::string(R"({"alg":"HS256","kid":"h)") + "\xff" + "\"}", claims(), kSecret)}) {
    auto r = check(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().http_status, 403) << bad;
    }
  }
}

}  // namespace
}  // namespace tg::adapters::player
