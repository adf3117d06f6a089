// libcurl loaded at run time: the system library resolves and is loaded once; a missing library or
// one without curl's entry points is an error naming it.

#include <gtest/gtest.h>

#include "core/curl_library.hpp"

namespace tg {
namespace {

TEST(CurlLibrary, SystemLibcurlLoadsOnceWithEveryEntryPoint) {
  auto first = curl_library();
  ASSERT_TRUE(first.ok()) << first.error();
  const CurlLibrary* api = *first;
  EXPECT_NE(api->easy_setopt, nullptr);
  EXPECT_NE(api->slist_free_all, nullptr);
  CURL* handle = api->easy_init();
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(api->easy_setopt(handle, CURLOPT_URL, "http://127.0.0.1:9/"), CURLE_OK);
  api->easy_cleanup(handle);
  EXPECT_STREQ(api->easy_strerror(CURLE_OK), "No error");

  auto again = curl_library();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, api);
}

TEST(CurlLibrary, MissingLibraryIsAnErrorNamingIt) {
  auto r = load_curl_library("libthumbgate-no-such-curl.so.0");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("libthumbgate-no-such-curl.so.0"), std::string::npos) << r.error();
}

TEST(CurlLibrary, LibraryWithoutCurlEntryPointsIsRefused) {
  // zlib is loaded by every FFmpeg user, and exports none of curl's names.
  auto r = load_curl_library("libz.so.1");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("has no curl_global_init"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace tg
