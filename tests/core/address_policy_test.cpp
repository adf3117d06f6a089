// Outbound address policy: public addresses pass, every special-purpose range is refused unless the
// operator's allow-list names it, and URLs are checked for scheme, host and literal addresses.

#include <arpa/inet.h>
#include <netinet/in.h>

#include <gtest/gtest.h>

#include <cstring>

#include "core/address_policy.hpp"

namespace tg {
namespace {

TEST(AddressPolicy, PublicAddressesPass) {
  AddressPolicy policy;
  for (const char* ip : {"8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001::1"}) {
    EXPECT_TRUE(policy.allows_ip(ip)) << ip;
  }
}

TEST(AddressPolicy, SpecialPurposeAddressesAreRefused) {
  AddressPolicy policy;
  for (const char* ip :
       {"127.0.0.1", "127.255.0.9", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "192.0.2.5", "198.18.0.1", "224.0.0.1", "255.255.255.255", "::",
        "::1", "fe80::1", "fd00::1", "fc00::5", "ff02::1", "2001:db8::1", "::ffff:127.0.0.1",
        "::ffff:169.254.169.254", "64:ff9b::7f00:1", "2002:7f00:1::", "::127.0.0.1"}) {
    EXPECT_FALSE(policy.allows_ip(ip)) << ip;
  }
  EXPECT_FALSE(policy.allows_ip("not an address"));
  EXPECT_FALSE(policy.allows_ip(""));
}

TEST(AddressPolicy, EmbeddedPublicIpv4IsJudgedByItsAddress) {
  AddressPolicy policy;
  EXPECT_TRUE(policy.allows_ip("::ffff:8.8.8.8"));
  EXPECT_TRUE(policy.allows_ip("2002:0808:0808::1"));
}

TEST(AddressPolicy, AllowListOpensNamedNetworksOnly) {
  auto policy = AddressPolicy::from_allow_list({"127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"});
  ASSERT_TRUE(policy.ok()) << policy.error();
  EXPECT_TRUE(policy->allows_ip("127.0.0.1"));
  EXPECT_FALSE(policy->allows_ip("127.0.0.2"));
  EXPECT_TRUE(policy->allows_ip("10.200.0.1"));
  EXPECT_TRUE(policy->allows_ip("11.0.0.1"));  // public anyway
  EXPECT_TRUE(policy->allows_ip("::1"));
  EXPECT_TRUE(policy->allows_ip("fd12::1"));
  EXPECT_FALSE(policy->allows_ip("fc00::1"));
  EXPECT_FALSE(policy->allows_ip("169.254.169.254"));
  EXPECT_TRUE(policy->allows_ip("::ffff:10.0.0.1"));
}

TEST(AddressPolicy, AllowListEntriesAreValidated) {
  for (const char* bad : {"localhost", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/x", "1.2.3", ""}) {
    auto policy = AddressPolicy::from_allow_list({bad});
    ASSERT_FALSE(policy.ok()) << bad;
    EXPECT_NE(policy.error().find(bad), std::string::npos) << policy.error();
  }
}

TEST(AddressPolicy, SockaddrForms) {
  auto policy = AddressPolicy::from_allow_list({"127.0.0.1"});
  ASSERT_TRUE(policy.ok());
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
  EXPECT_TRUE(policy->allows(reinterpret_cast<sockaddr*>(&v4)));
  inet_pton(AF_INET, "169.254.169.254", &v4.sin_addr);
  EXPECT_FALSE(policy->allows(reinterpret_cast<sockaddr*>(&v4)));
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:127.0.0.1", &v6.sin6_addr);
  EXPECT_TRUE(policy->allows(reinterpret_cast<sockaddr*>(&v6)));
  sockaddr unix_address{};
  unix_address.sa_family = AF_UNIX;
  EXPECT_FALSE(policy->allows(&unix_address));
  EXPECT_FALSE(policy->allows(nullptr));
}

TEST(AddressPolicy, OutboundUrlChecks) {
  AddressPolicy policy;
  EXPECT_TRUE(check_outbound_url("https://media.example.com/a.mp4", policy).ok());
  EXPECT_TRUE(check_outbound_url("http://93.184.216.34:8080/a.mp4?x=1", policy).ok());
  EXPECT_TRUE(check_outbound_url("http://user:pw@example.com/a.mp4", policy).ok());
  EXPECT_FALSE(check_outbound_url("HTTP://example.com/a.mp4", policy).ok());
  EXPECT_FALSE(check_outbound_url("ftp://example.com/a.mp4", policy).ok());
  EXPECT_FALSE(check_outbound_url("file:///etc/passwd", policy).ok());
  EXPECT_FALSE(check_outbound_url("http:///a.mp4", policy).ok());
  EXPECT_FALSE(check_outbound_url("http://:80/a.mp4", policy).ok());
  EXPECT_FALSE(check_outbound_url("http://user@/a.mp4", policy).ok());
  EXPECT_FALSE(check_outbound_url("http://127.0.0.1:9000/a.mp4", policy).ok());
  EXPECT_FALSE(check_outbound_url("http://[::1]:9000/a.mp4", policy).ok());
  EXPECT_FALSE(check_outbound_url("http://169.254.169.254/latest/meta-data", policy).ok());
  EXPECT_FALSE(check_outbound_url("http://[::1/a.mp4", policy).ok());
  auto loopback = AddressPolicy::from_allow_list({"127.0.0.0/8", "::1"});
  ASSERT_TRUE(loopback.ok());
  EXPECT_TRUE(check_outbound_url("http://127.0.0.1:9000/a.mp4", *loopback).ok());
  EXPECT_TRUE(check_outbound_url("http://[::1]:9000/a.mp4", *loopback).ok());
}

}  // namespace
}  // namespace tg
