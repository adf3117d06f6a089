// Remote inputs read with libcurl: the same bytes as the file through range requests on one connection,
// servers that ignore Range, HTTP errors, connections only to allowed addresses (redirects included),
// and transfers that stall, outlive their deadline or are cancelled.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/address_policy.hpp"
#include "engine/http_byte_source.hpp"
#include "support/callback_receiver.hpp"
#include "support/clips.hpp"
#include "support/range_file_server.hpp"
#include "support/redirect_server.hpp"
#include "support/trickle_server.hpp"

namespace tg::engine {
namespace {

using namespace std::chrono_literals;
using tg::testing::ClipKind;
using tg::testing::clip_path;

AddressPolicy allowing(std::vector<std::string> networks) {
  auto policy = AddressPolicy::from_allow_list(networks);
  EXPECT_TRUE(policy.ok());
  return policy.ok() ? *policy : AddressPolicy();
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Reads `size` bytes at `offset` (fewer at the end), as a demuxer would: read until it has them or EOF.
std::string read_at(HttpByteSource& source, int64_t offset, std::size_t size) {
  EXPECT_TRUE(source.seek(offset).ok());
  std::string out(size, '\0');
  std::size_t have = 0;
  while (have < size) {
    auto got = source.read(reinterpret_cast<uint8_t*>(out.data()) + have, size - have);
    EXPECT_TRUE(got.ok()) << (got.ok() ? "" : got.error().message);
    if (!got.ok() || *got == 0) break;
    have += *got;
  }
  out.resize(have);
  return out;
}

struct Origin {
  std::string clip = clip_path(ClipKind::kH264LongGop);
  std::filesystem::path file{clip};
  std::string bytes = file_bytes(clip);
};

class HttpByteSourceTest : public ::testing::Test {
 protected:
  HttpByteSource::Options options(const AddressPolicy* policy) const {
    HttpByteSource::Options o;
    o.policy = policy;
    o.deadline = std::chrono::steady_clock::now() + 60s;
    return o;
  }

  Origin origin_;
  AddressPolicy loopback_ = allowing({"127.0.0.1"});
};

TEST_F(HttpByteSourceTest, RandomReadsGiveTheFilesBytesOverOneConnection) {
  tg::testing::RangeFileServer server(origin_.file.parent_path().string(), {.keep_alive = true});
  auto opened = HttpByteSource::open(server.base_url() + "/" + origin_.file.filename().string(), options(&loopback_));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  HttpByteSource& source = **opened;
  const auto total = static_cast<int64_t>(origin_.bytes.size());
  EXPECT_EQ(source.size(), total);

  // The whole file in order: growing chunks, so far fewer requests than 256 KiB pieces.
  std::string all = read_at(source, 0, origin_.bytes.size() + 100);
  EXPECT_EQ(all, origin_.bytes);
  const int sequential_requests = source.stats().requests;
  EXPECT_LT(sequential_requests, static_cast<int>(total / (256 * 1024)) + 1);

  std::mt19937 random(7);
  for (int i = 0; i < 40; ++i) {
    const int64_t offset = std::uniform_int_distribution<int64_t>(0, total - 1)(random);
    const std::size_t size = std::uniform_int_distribution<std::size_t>(1, 300'000)(random);
    ASSERT_EQ(read_at(source, offset, size), origin_.bytes.substr(static_cast<std::size_t>(offset), size))
        << "at " << offset << " size " << size;
  }
  EXPECT_EQ(read_at(source, total, 10), "");
  EXPECT_EQ(read_at(source, total + 5000, 10), "");
  EXPECT_EQ(source.stats().connections, 1);
  EXPECT_EQ(server.connections(), 1);
  for (const std::string& range : server.ranges()) EXPECT_EQ(range.rfind("bytes=", 0), 0u) << range;
}

TEST_F(HttpByteSourceTest, AServerThatIgnoresRangeIsReadFromItsStart) {
  tg::testing::RangeFileServer server(origin_.file.parent_path().string(), {.honour_range = false});
  auto opened = HttpByteSource::open(server.base_url() + "/" + origin_.file.filename().string(), options(&loopback_));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  HttpByteSource& source = **opened;
  const auto total = static_cast<int64_t>(origin_.bytes.size());
  EXPECT_EQ(read_at(source, 100, 1000), origin_.bytes.substr(100, 1000));
  EXPECT_EQ(read_at(source, total - 5000, 5000), origin_.bytes.substr(origin_.bytes.size() - 5000));
  EXPECT_EQ(source.size(), total);
  EXPECT_EQ(read_at(source, 0, origin_.bytes.size() + 10), origin_.bytes);
  EXPECT_EQ(read_at(source, total, 10), "");
  // Each request asked for at least twice what was kept: a handful, not one per chunk.
  EXPECT_LE(source.stats().requests, 6);
}

TEST_F(HttpByteSourceTest, AServerThatSendsLongerRangesGivesTheSameBytes) {
  tg::testing::RangeFileServer server(origin_.file.parent_path().string(), {.honour_range_end = false});
  auto opened = HttpByteSource::open(server.base_url() + "/" + origin_.file.filename().string(), options(&loopback_));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  HttpByteSource& source = **opened;
  EXPECT_EQ(source.size(), static_cast<int64_t>(origin_.bytes.size()));
  EXPECT_EQ(read_at(source, 500'000, 300'000), origin_.bytes.substr(500'000, 300'000));
  EXPECT_EQ(read_at(source, 0, origin_.bytes.size()), origin_.bytes);
}

TEST_F(HttpByteSourceTest, HttpErrorsHaveTheirKinds) {
  tg::testing::RangeFileServer server(origin_.file.parent_path().string());
  auto missing = HttpByteSource::open(server.base_url() + "/missing.mp4", options(&loopback_));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::kNotFound) << missing.error().message;

  tg::testing::CallbackReceiver statuses;
  statuses.script_statuses({403, 401, 500});
  for (Errc expected : {Errc::kForbidden, Errc::kForbidden, Errc::kIo}) {
    auto refused = HttpByteSource::open(statuses.url("/clip.mp4"), options(&loopback_));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, expected) << refused.error().message;
  }
}

TEST_F(HttpByteSourceTest, LoopbackIsRefusedWithoutAnAllowListAndNeverReached) {
  tg::testing::RangeFileServer server(origin_.file.parent_path().string());
  const std::string path = "/origin/" + origin_.file.filename().string();
  const std::string port = server.base_url().substr(server.base_url().rfind(':'));  // ":PORT/origin"
  for (const std::string& url : {server.base_url() + "/" + origin_.file.filename().string(),
                                 "http://localhost" + port + "/" + origin_.file.filename().string()}) {
    auto opened = HttpByteSource::open(url, options(nullptr));
    ASSERT_FALSE(opened.ok()) << url;
    EXPECT_EQ(opened.error().code, Errc::kForbidden) << url;
    EXPECT_EQ(opened.error().message, "the source's address is not allowed");
    // An allow-list of other networks does not let it through either.
    const AddressPolicy other = allowing({"10.0.0.0/8", "127.0.0.2"});
    auto still = HttpByteSource::open(url, options(&other));
    ASSERT_FALSE(still.ok()) << url;
    EXPECT_EQ(still.error().code, Errc::kForbidden) << url;
  }
  EXPECT_EQ(server.connections(), 0);
  EXPECT_EQ(server.requests(), 0);
}

TEST_F(HttpByteSourceTest, RedirectToADisallowedAddressIsRefused) {
  // The target exists and would serve the file; only 127.0.0.1 is allowed, not 127.0.0.2.
  tg::testing::RangeFileServer target(origin_.file.parent_path().string(), {.address = "127.0.0.2"});
  tg::testing::RedirectServer redirect(target.base_url() + "/" + origin_.file.filename().string());
  auto opened = HttpByteSource::open(redirect.url(), options(&loopback_));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, Errc::kForbidden) << opened.error().message;
  EXPECT_EQ(opened.error().message.find("127.0.0"), std::string::npos) << opened.error().message;
  EXPECT_EQ(redirect.requests(), 1);
  EXPECT_EQ(target.connections(), 0);

  // Allowed, the same redirect is followed once; later requests go straight to the target.
  const AddressPolicy both = allowing({"127.0.0.1", "127.0.0.2"});
  auto followed = HttpByteSource::open(redirect.url(), options(&both));
  ASSERT_TRUE(followed.ok()) << followed.error().message;
  EXPECT_EQ(read_at(**followed, 900'000, 1000), origin_.bytes.substr(900'000, 1000));
  EXPECT_EQ(read_at(**followed, 10, 1000), origin_.bytes.substr(10, 1000));
  EXPECT_EQ(redirect.requests(), 2);
  EXPECT_GE(target.requests(), 3);
}

TEST_F(HttpByteSourceTest, RedirectsToOtherProtocolsAndEndlessOnesFail) {
  for (const char* location : {"file:///etc/passwd", "ftp://127.0.0.1/clip.mp4", "gopher://127.0.0.1/"}) {
    tg::testing::RedirectServer redirect(location);
    auto opened = HttpByteSource::open(redirect.url(), options(&loopback_));
    ASSERT_FALSE(opened.ok()) << location;
    EXPECT_EQ(opened.error().code, Errc::kForbidden) << location << ": " << opened.error().message;
  }
  // A redirect to itself: followed 5 times, then given up.
  tg::testing::RedirectServer first("/again");
  auto opened = HttpByteSource::open(first.url("/again"), options(&loopback_));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, Errc::kIo) << opened.error().message;
  EXPECT_EQ(first.requests(), 6);
}

// Runs `open` on another thread; raises `cancel` if it has not finished after a generous bound, so a
// transfer that the idle timeout failed to stop ends as kCancelled (and the test fails) instead of hanging.
Error open_error_within_bound(const std::string& url, HttpByteSource::Options options, std::atomic<bool>& cancel) {
  options.cancel = &cancel;
  auto result = std::async(std::launch::async, [&] { return HttpByteSource::open(url, options); });
  if (result.wait_for(20s) != std::future_status::ready) cancel = true;
  auto opened = result.get();
  EXPECT_FALSE(opened.ok());
  return opened.ok() ? Error{} : opened.error();
}

TEST_F(HttpByteSourceTest, AnOriginSilentForTheIdleTimeoutFails) {
  tg::testing::TrickleServer trickle(2s);  // a byte, then 2 s of silence, ...
  HttpByteSource::Options o = options(&loopback_);
  o.deadline = std::chrono::steady_clock::now() + 10min;
  o.idle_timeout = 500ms;
  std::atomic<bool> cancel{false};
  Error error = open_error_within_bound(trickle.url(), o, cancel);
  EXPECT_EQ(error.code, Errc::kTimeout) << error.message;
  EXPECT_NE(error.message.find("stalled"), std::string::npos) << error.message;
}

TEST_F(HttpByteSourceTest, AnOriginNeverSilentButTooSlowFails) {
  tg::testing::TrickleServer trickle(100ms);  // ~10 bytes/s: never idle for 500 ms
  HttpByteSource::Options o = options(&loopback_);
  o.deadline = std::chrono::steady_clock::now() + 10min;
  o.idle_timeout = 500ms;
  std::atomic<bool> cancel{false};
  Error error = open_error_within_bound(trickle.url(), o, cancel);
  EXPECT_EQ(error.code, Errc::kTimeout) << error.message;
  EXPECT_NE(error.message.find("stalled"), std::string::npos) << error.message;
  EXPECT_GT(trickle.bytes_sent(), 3);
}

TEST_F(HttpByteSourceTest, DeadlineAndCancelStopATransfer) {
  tg::testing::TrickleServer trickle(100ms);
  HttpByteSource::Options o = options(&loopback_);
  o.idle_timeout = 10min;
  o.deadline = std::chrono::steady_clock::now() + 300ms;
  std::atomic<bool> never{false};
  Error late = open_error_within_bound(trickle.url(), o, never);
  EXPECT_EQ(late.code, Errc::kTimeout) << late.message;
  EXPECT_EQ(late.message, "deadline passed");

  o.deadline = std::chrono::steady_clock::now() + 10min;
  std::atomic<bool> cancel{false};
  std::thread raiser([&] {
    std::this_thread::sleep_for(300ms);
    cancel = true;
  });
  Error cancelled = open_error_within_bound(trickle.url(), o, cancel);
  raiser.join();
  EXPECT_EQ(cancelled.code, Errc::kCancelled) << cancelled.message;
}

}  // namespace
}  // namespace tg::engine
