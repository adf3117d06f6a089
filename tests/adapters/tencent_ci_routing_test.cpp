// Host -> bucket routing of the COS front door: virtual hosts, custom domains, absolute-form targets.

#include <gtest/gtest.h>

#include "adapters/tencent_ci/bucket_router.hpp"

namespace tg::adapters::tencent_ci {
namespace {

CiSettings two_buckets() {
  CiSettings s;
  s.buckets.push_back({"examplebucket-1250000000", "ap-beijing", "cos/a", BucketAcl::kPrivate, {"img.example.test"}});
  s.buckets.push_back({"other-1250000001", "ap-guangzhou", "cos/b", BucketAcl::kPublicRead, {}});
  return s;
}

ApiRequest with_host(const std::string& host, const std::string& target = "/a.mp4") {
  ApiRequest r;
  r.method = "GET";
  r.target = target;
  r.path = "/a.mp4";
  r.headers.emplace_back("host", host);
  return r;
}

TEST(TencentCiRoutingTest, NormalizeHostDropsPortCaseUserinfoAndTrailingDot) {
  EXPECT_EQ(normalize_host("ExampleBucket-1250000000.COS.ap-beijing.myqcloud.com:8080"),
            "examplebucket-1250000000.cos.ap-beijing.myqcloud.com");
  EXPECT_EQ(normalize_host("user:pw@img.example.test."), "img.example.test");
  EXPECT_EQ(normalize_host("[::1]:80"), "");
  EXPECT_EQ(normalize_host(""), "");
}

TEST(TencentCiRoutingTest, VirtualHostWithAnyDomainAfterTheRegion) {
  const CiSettings s = two_buckets();
  for (const char* host : {"examplebucket-1250000000.cos.ap-beijing.myqcloud.com",
                           "examplebucket-1250000000.cos.ap-beijing.myqcloud.com:443",
                           "examplebucket-1250000000.cos.ap-beijing.tencentcos.cn",
                           "EXAMPLEBUCKET-1250000000.cos.ap-beijing.local"}) {
    auto route = route_request(s, with_host(host));
    ASSERT_EQ(route.kind, BucketRoute::Kind::kBucket) << host;
    EXPECT_EQ(route.bucket->name, "examplebucket-1250000000");
  }
  auto other = route_request(s, with_host("other-1250000001.cos.ap-guangzhou.myqcloud.com"));
  ASSERT_EQ(other.kind, BucketRoute::Kind::kBucket);
  EXPECT_EQ(other.bucket->name, "other-1250000001");
}

TEST(TencentCiRoutingTest, WrongRegionOrUnknownBucketIsAnUnknownCosBucket) {
  const CiSettings s = two_buckets();
  EXPECT_EQ(route_request(s, with_host("examplebucket-1250000000.cos.ap-shanghai.myqcloud.com")).kind,
            BucketRoute::Kind::kUnknownBucket);
  EXPECT_EQ(route_request(s, with_host("nobucket-1.cos.ap-beijing.myqcloud.com")).kind,
            BucketRoute::Kind::kUnknownBucket);
  // The region must be followed by a domain.
  EXPECT_EQ(route_request(s, with_host("examplebucket-1250000000.cos.ap-beijing")).kind, BucketRoute::Kind::kNotCos);
  // A prefix of a bucket's name is not the bucket.
  EXPECT_EQ(route_request(s, with_host("examplebucket-125000000.cos.ap-beijing.myqcloud.com")).kind,
            BucketRoute::Kind::kUnknownBucket);
}

TEST(TencentCiRoutingTest, CustomDomainsAreMatchedExactly) {
  const CiSettings s = two_buckets();
  auto route = route_request(s, with_host("IMG.example.test:9000"));
  ASSERT_EQ(route.kind, BucketRoute::Kind::kBucket);
  EXPECT_EQ(route.bucket->name, "examplebucket-1250000000");
  EXPECT_EQ(route_request(s, with_host("x.img.example.test")).kind, BucketRoute::Kind::kNotCos);
  EXPECT_EQ(route_request(s, with_host("127.0.0.1:8080")).kind, BucketRoute::Kind::kNotCos);
}

TEST(TencentCiRoutingTest, AbsoluteFormTargetWinsOverTheHostHeader) {
  const CiSettings s = two_buckets();
  auto request = with_host("127.0.0.1:8080", "http://other-1250000001.cos.ap-guangzhou.myqcloud.com/a.mp4?x=1");
  EXPECT_EQ(request_host(request), "other-1250000001.cos.ap-guangzhou.myqcloud.com");
  auto route = route_request(s, request);
  ASSERT_EQ(route.kind, BucketRoute::Kind::kBucket);
  EXPECT_EQ(route.bucket->name, "other-1250000001");
  EXPECT_EQ(request_host(with_host("h", "HTTPS://img.example.test:8443")), "img.example.test");
}

TEST(TencentCiRoutingTest, NoHostAtAllIsNotCos) {
  ApiRequest r;
  r.target = "/a.mp4";
  EXPECT_EQ(route_request(two_buckets(), r).kind, BucketRoute::Kind::kNotCos);
}

}  // namespace
}  // namespace tg::adapters::tencent_ci
