// Contract fixtures in schemas/tencent_ci: a signed GetSnapshot request (signature computed by an
// independent implementation) is routed, authorized and parsed; the error body has COS's exact shape.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/tencent_ci/bucket_router.hpp"
#include "adapters/tencent_ci/cos_authenticator.hpp"
#include "adapters/tencent_ci/cos_error.hpp"
#include "adapters/tencent_ci/snapshot_params.hpp"
#include "support/source_tree.hpp"

namespace tg::adapters::tencent_ci {
namespace {

std::string read_fixture(const std::string& name) {
  auto root = tg::testing::source_tree();
  std::ifstream in(root / "schemas" / "tencent_ci" / name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The request line and headers of an HTTP/1.1 request text; the query has no %-escapes here.
ApiRequest parse_http(const std::string& text) {
  ApiRequest r;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  std::istringstream request_line(line);
  request_line >> r.method >> r.target;
  auto q = r.target.find('?');
  r.path = r.raw_path = r.target.substr(0, q);
  r.raw_query = q == std::string::npos ? "" : r.target.substr(q + 1);
  std::istringstream query(r.raw_query);
  for (std::string pair; std::getline(query, pair, '&');) {
    auto eq = pair.find('=');
    r.query.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
  }
  while (std::getline(in, line) && line != "\r" && !line.empty()) {
    if (line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(name, line.substr(line.find_first_not_of(' ', colon + 1)));
  }
  return r;
}

CiSettings official() {
  CiSettings s;
  s.buckets.push_back({"examplebucket-1250000000", "ap-beijing", "cos/examplebucket", BucketAcl::kPrivate, {}});
  s.credentials.push_back({"AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q", "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", {}});
  return s;
}

TEST(TencentCiFixturesTest, SignedRequestIsRoutedAuthorizedAndParsed) {
  const ApiRequest request = parse_http(read_fixture("get_snapshot.request.http"));
  ASSERT_EQ(request.method, "GET");
  const CiSettings settings = official();
  auto route = route_request(settings, request);
  ASSERT_EQ(route.kind, BucketRoute::Kind::kBucket);
  EXPECT_TRUE(authorize(settings, *route.bucket, request, 1650425932 + 600));
  auto late = authorize(settings, *route.bucket, request, 1650433133);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, CosErrorCode::kAccessDenied);
  EXPECT_EQ(ci_process_of(request), "snapshot");
  auto params = parse_snapshot_params(request);
  ASSERT_TRUE(params) << params.error().message;
  EXPECT_DOUBLE_EQ(params->time_s, 1.5);
  EXPECT_EQ(params->width, 320);
  EXPECT_EQ(params->height, 0);
  EXPECT_EQ(params->format, engine::ImageFormat::kPng);
}

TEST(TencentCiFixturesTest, ErrorBodyMatchesTheFixture) {
  ApiResponse r = render_cos_error({CosErrorCode::kNoSuchKey, "The specified key does not exist."},
                                   "examplebucket-1250000000.cos.ap-beijing.myqcloud.com/for-test.mp4",
                                   "NTg3NzRiMjVfYmRjMzVfMTViMl82ZGZmNw==",
                                   "OGVmYzZiMmQ3YjA2OWNlYzQwODI1NjU0ZmYzODY2MzE=");
  EXPECT_EQ(r.body, read_fixture("error.response.xml"));
  EXPECT_EQ(r.status, 404);
}

}  // namespace
}  // namespace tg::adapters::tencent_ci
