// An engine error's message is what a client may see: it names no server path, URL, host or library
// text. Those go into the detail, for the server log, with the credentials in URLs redacted.

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "support/clips.hpp"
#include "support/closed_port.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;
using tg::testing::closed_port;

Error snapshot_error(const std::string& uri) {
  SnapshotRequest request;
  request.times = {TimePoint{1.0, false}};
  Source source{uri};
  source.deadline = std::chrono::seconds(10);
  auto result = snapshot(source, request);
  EXPECT_FALSE(result.ok()) << uri;
  return result.ok() ? Error{} : result.error();
}

void expect_clean(const std::string& message, const std::vector<std::string>& secrets) {
  EXPECT_FALSE(message.empty());
  for (const std::string& secret : secrets) {
    EXPECT_EQ(message.find(secret), std::string::npos) << "\"" << secret << "\" in \"" << message << "\"";
  }
}

TEST(ErrorMessages, LocalFailuresNameNoServerPath) {
  const std::string dir = tg::testing::fresh_test_dir("engine-error-message");
  const std::string text = dir + "/notes.mp4";
  std::ofstream(text) << "this is not a video file, only a few words of text\n";
  const std::vector<std::string> inputs = {dir + "/missing.mp4", text, dir, clip_path(ClipKind::kAudioOnly),
                                           clip_path(ClipKind::kTruncated)};
  for (const std::string& input : inputs) {
    Error e = snapshot_error(input);
    SCOPED_TRACE(input + " -> " + errc_name(e.code) + ": " + e.message);
    expect_clean(e.message, {dir, tg::testing::work_dir(), "/", "Invalid data", "No such file"});
    EXPECT_NE(e.detail.find(input), std::string::npos) << "the detail names the input: " << e.detail;
  }
}

TEST(ErrorMessages, RemoteFailuresNameNoUrlHostOrCredentials) {
  const int port = closed_port();
  const std::string url =
      "http://admin:s3cr3tP4ss@127.0.0.1:" + std::to_string(port) + "/x.mp4?token=abc";
  Error e = snapshot_error(url);
  expect_clean(e.message, {"s3cr3tP4ss", "admin", "token", "abc", "127.0.0.1", std::to_string(port), "http",
                           "Connection refused", "refused"});
  EXPECT_EQ(e.detail.find("s3cr3tP4ss"), std::string::npos) << e.detail;
  EXPECT_EQ(e.detail.find("abc"), std::string::npos) << e.detail;
  EXPECT_NE(e.detail.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << e.detail;
}

TEST(ErrorMessages, EveryCodeHasASentence) {
  for (Errc code : {Errc::kInvalidArgument, Errc::kNotFound, Errc::kForbidden, Errc::kNotMedia, Errc::kNoVideo,
                    Errc::kCorrupt, Errc::kUnsupported, Errc::kTooLarge, Errc::kTimeout, Errc::kCancelled,
                    Errc::kEncode, Errc::kIo, Errc::kInternal}) {
    EXPECT_GT(std::string(errc_message(code)).size(), 5u) << errc_name(code);
  }
  EXPECT_STREQ(errc_message(Errc::kNotFound), "the input does not exist");
}

}  // namespace
}  // namespace tg::engine
