#include "gateway/admin/admin_settings.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "gateway/admin/admin_token.hpp"
#include "gateway/config.hpp"
#include "signing/digest.hpp"
#include "support/clips.hpp"

namespace tg::gateway::admin {
namespace {

std::string error_of(const std::string& json) {
  auto result = parse_config(json);
  return result ? "" : result.error();
}

TEST(AdminSettingsTest, DefaultsAreLoopbackOnTheMainListenerWithAGeneratedToken) {
  const Config config = default_config(adapters::standard_vendors());
  EXPECT_EQ(config.admin.token, "");
  EXPECT_EQ(config.admin.listen, "");
  EXPECT_FALSE(config.admin.allow_remote);
  EXPECT_EQ(config.admin.session_hours, 12);
}

TEST(AdminSettingsTest, ReadsEveryField) {
  auto config = parse_config(
      R"({"admin":{"token":"0123456789abcdef-x","listen":"[::1]:9090","allow_remote":true,"session_hours":168}})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->admin.token, "0123456789abcdef-x");
  EXPECT_EQ(config->admin.listen, "[::1]:9090");
  EXPECT_TRUE(config->admin.allow_remote);
  EXPECT_EQ(config->admin.session_hours, 168);
}

TEST(AdminSettingsTest, BadValuesNameTheirField) {
  EXPECT_EQ(error_of(R"({"admin":{"token":"short"}})"), "admin.token: must be at least 16 characters");
  EXPECT_EQ(error_of(R"({"admin":{"token":"0123456789abcdef 0123"}})"),
            "admin.token: must not contain spaces or control characters");
  EXPECT_EQ(error_of(R"({"admin":{"token":7}})"), "admin.token: must be a string");
  EXPECT_EQ(error_of(R"({"admin":{"listen":"nowhere"}})"), "admin.listen: expected HOST:PORT, got 'nowhere'");
  EXPECT_EQ(error_of(R"({"admin":{"allow_remote":"yes"}})"), "admin.allow_remote: must be true or false");
  EXPECT_EQ(error_of(R"({"admin":{"session_hours":0}})"), "admin.session_hours: must be an integer 1..168");
  EXPECT_EQ(error_of(R"({"admin":{"session_hours":169}})"), "admin.session_hours: must be an integer 1..168");
  EXPECT_EQ(error_of(R"({"admin":{"sessions":1}})"), "admin.sessions: unknown field");
  EXPECT_EQ(error_of(R"({"admin":[]})"), "admin: must be an object");
}

class AdminTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = tg::testing::work_dir(std::string("gateway/") + info->test_suite_name() + "." + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  std::string dir_;
};

TEST_F(AdminTokenTest, TheConfigsTokenIsUsedAndNotWritten) {
  auto token = resolve_admin_token(AdminSettings{.token = "0123456789abcdefXYZ"}, dir_);
  ASSERT_TRUE(token) << token.error();
  EXPECT_EQ(token->value, "0123456789abcdefXYZ");
  EXPECT_FALSE(token->from_file);
  EXPECT_FALSE(std::filesystem::exists(admin_token_path(dir_)));
}

TEST_F(AdminTokenTest, AGeneratedTokenIsKeptOwnerOnlyAndReused) {
  auto first = resolve_admin_token(AdminSettings{}, dir_);
  ASSERT_TRUE(first) << first.error();
  EXPECT_TRUE(first->from_file);
  // 32 random bytes in base64url without padding.
  EXPECT_EQ(first->value.size(), 43u);
  auto raw = signing::base64url_decode(first->value);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->size(), 32u);
  struct stat info {};
  ASSERT_EQ(::stat(admin_token_path(dir_).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto again = resolve_admin_token(AdminSettings{}, dir_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->value, first->value);
  EXPECT_TRUE(again->from_file);
  std::filesystem::create_directories(dir_ + "/other");
  auto other = resolve_admin_token(AdminSettings{}, dir_ + "/other");
  ASSERT_TRUE(other) << other.error();
  EXPECT_NE(other->value, first->value);
}

TEST_F(AdminTokenTest, ABadTokenFileIsAnErrorNotANewToken) {
  std::ofstream(admin_token_path(dir_)) << "short\n";
  auto token = resolve_admin_token(AdminSettings{}, dir_);
  ASSERT_FALSE(token);
  EXPECT_NE(token.error().find("admin-token"), std::string::npos) << token.error();
  EXPECT_NE(token.error().find("at least 16"), std::string::npos) << token.error();
  std::filesystem::remove(admin_token_path(dir_));
  std::filesystem::create_directory(admin_token_path(dir_));
  EXPECT_FALSE(resolve_admin_token(AdminSettings{}, dir_));
}

}  // namespace
}  // namespace tg::gateway::admin
