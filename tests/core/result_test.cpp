#include "core/result.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace tg {
namespace {

Result<int, std::string> parse_digit(char c) {
  if (c < '0' || c > '9') return unexpected(std::string("not a digit: ") + c);
  return c - '0';
}

Result<Ok, std::string> check_even(int n) {
  if (n % 2 != 0) return unexpected(std::to_string(n) + " is odd");
  return Ok{};
}

// Records which steps ran, so a test sees where the error stopped the function.
Result<int, std::string> even_digit(char c, std::vector<std::string>& steps) {
  steps.push_back("parse");
  TG_TRY_ASSIGN(int n, parse_digit(c));
  steps.push_back("check");
  TG_TRY(check_even(n));
  steps.push_back("done");
  return n;
}

TEST(Result, TryAssignPassesTheErrorUpAndStops) {
  std::vector<std::string> steps;
  auto r = even_digit('x', steps);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "not a digit: x");
  EXPECT_EQ(steps, (std::vector<std::string>{"parse"}));
}

TEST(Result, TryPassesTheErrorUpAndStops) {
  std::vector<std::string> steps;
  auto r = even_digit('3', steps);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "3 is odd");
  EXPECT_EQ(steps, (std::vector<std::string>{"parse", "check"}));
}

TEST(Result, TryAndTryAssignCarryOnWithTheValue) {
  std::vector<std::string> steps;
  auto r = even_digit('4', steps);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 4);
  EXPECT_EQ(steps, (std::vector<std::string>{"parse", "check", "done"}));
}

Result<std::unique_ptr<std::string>, std::string> boxed(const std::string& text) {
  if (text.empty()) return unexpected(std::string("empty"));
  return std::make_unique<std::string>(text);
}

Result<std::string, std::string> unbox_twice(const std::string& a, const std::string& b) {
  // Two in one scope: each declares its own hidden temporary.
  TG_TRY_ASSIGN(std::unique_ptr<std::string> first, boxed(a));
  TG_TRY_ASSIGN(auto second, boxed(b));
  return *first + *second;
}

TEST(Result, TryAssignMovesAMoveOnlyValue) {
  auto r = unbox_twice("ab", "cd");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "abcd");
  auto failed = unbox_twice("ab", "");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error(), "empty");
}

Result<std::unique_ptr<std::string>, std::string> reassign(std::unique_ptr<std::string> held,
                                                           const std::string& text) {
  TG_TRY_ASSIGN(held, boxed(text));  // an existing variable, not a declaration
  return held;
}

TEST(Result, TryAssignIntoAnExistingVariable) {
  auto replaced = reassign(std::make_unique<std::string>("old"), "new");
  ASSERT_TRUE(replaced);
  EXPECT_EQ(**replaced, "new");
  auto kept = reassign(std::make_unique<std::string>("old"), "");
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error(), "empty");
}

struct WrappedError {
  explicit WrappedError(std::string m) : message("wrapped: " + std::move(m)) {}
  std::string message;
};

Result<int, WrappedError> digit_plus_one(char c) {
  TG_TRY_ASSIGN(int n, parse_digit(c));
  return n + 1;
}

TEST(Result, TheErrorIsConvertedByTheTargetErrorsConstructor) {
  auto r = digit_plus_one('?');
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "wrapped: not a digit: ?");
  auto ok = digit_plus_one('8');
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 9);
}

Result<int, std::string> counted(int& calls, bool fail) {
  ++calls;
  if (fail) return unexpected(std::string("failed"));
  return calls;
}

Result<int, std::string> try_counted(int& calls, bool fail) {
  TG_TRY(counted(calls, fail));
  TG_TRY_ASSIGN(int value, counted(calls, fail));
  return value;
}

TEST(Result, TheExpressionIsEvaluatedOnce) {
  int calls = 0;
  ASSERT_FALSE(try_counted(calls, true));
  EXPECT_EQ(calls, 1);
  calls = 0;
  auto r = try_counted(calls, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 2);
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace tg
