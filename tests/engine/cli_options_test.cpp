// The options `thumbgate snapshot` and `thumbgate sprite` read alike: values, defaults and usage messages.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli_args.hpp"

namespace tg::cli {
namespace {

ParsedArgs parse(std::vector<std::string> words) {
  words.insert(words.begin(), "cmd");
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  ParsedArgs args(static_cast<int>(argv.size()), argv.data(), {"interval", "start", "count", "rotate", "timeout"}, {},
                  {});
  EXPECT_EQ(args.error(), "");
  return args;
}

TEST(CliOptions, SamplingReadsIntervalStartAndCount) {
  engine::SampleRequest request;
  ASSERT_TRUE(read_sampling_options(parse({"--interval", "10%", "--start", "1.5", "--count", "7"}), request));
  EXPECT_EQ(request.interval, 10);
  EXPECT_TRUE(request.percent);
  EXPECT_EQ(request.start_s, 1.5);
  EXPECT_EQ(request.count, 7);
}

TEST(CliOptions, SamplingNamesTheBadOption) {
  engine::SampleRequest request;
  auto missing = read_sampling_options(parse({}), request);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "--interval must be > 0 (seconds or N%)");
  auto zero = read_sampling_options(parse({"--interval", "0"}), request);
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error(), "--interval must be > 0 (seconds or N%)");
  auto start = read_sampling_options(parse({"--interval", "2", "--start", "-1"}), request);
  ASSERT_FALSE(start);
  EXPECT_EQ(start.error(), "--start must be seconds >= 0");
  auto count = read_sampling_options(parse({"--interval", "2", "--count", "1000001"}), request);
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error(), "--count must be a whole number >= 0");
}

TEST(CliOptions, RotateAndTimeoutKeepTheirDefaultsWhenNotGiven) {
  engine::Rotate rotate = engine::Rotate::kAuto;
  ASSERT_TRUE(read_rotate_option(parse({}), rotate));
  EXPECT_EQ(rotate, engine::Rotate::kAuto);
  ASSERT_TRUE(read_rotate_option(parse({"--rotate", "off"}), rotate));
  EXPECT_EQ(rotate, engine::Rotate::kOff);
  auto bad = read_rotate_option(parse({"--rotate", "left"}), rotate);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "--rotate must be auto or off");

  engine::Source source = command_line_source("http://127.0.0.1:1/a.mp4");
  EXPECT_EQ(source.uri, "http://127.0.0.1:1/a.mp4");
  EXPECT_EQ(source.decoder_threads, 0);
  EXPECT_EQ(source.policy, &command_line_address_policy());
  const auto default_deadline = source.deadline;
  ASSERT_TRUE(read_timeout_option(parse({}), source));
  EXPECT_EQ(source.deadline, default_deadline);
  ASSERT_TRUE(read_timeout_option(parse({"--timeout", "2.5"}), source));
  EXPECT_EQ(source.deadline, std::chrono::milliseconds(2500));
  auto zero = read_timeout_option(parse({"--timeout", "0"}), source);
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error(), "--timeout must be seconds > 0");
}

}  // namespace
}  // namespace tg::cli
