#include "adapters/common/param_limits.hpp"

#include <gtest/gtest.h>

namespace tg::adapters {
namespace {

TEST(ParamLimits, CountsNonEmptyPartsWithoutDecoding) {
  EXPECT_EQ(count_query_pairs(""), 0u);
  EXPECT_EQ(count_query_pairs("a"), 1u);
  EXPECT_EQ(count_query_pairs("a=1&b=2"), 2u);
  EXPECT_EQ(count_query_pairs("&&a=%zz&&b&"), 2u);
  EXPECT_EQ(count_query_pairs("="), 1u);
}

TEST(ParamLimits, CountNamesAndValuesAreBounded) {
  ParamList params(256, {"a", "1"});
  EXPECT_FALSE(param_limit_error(params));
  params.emplace_back("b", "2");
  auto error = param_limit_error(params);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "the request has 257 parameters; at most 256 are accepted");

  EXPECT_FALSE(param_limit_error({{std::string(256, 'n'), std::string(4096, 'v')}}));
  EXPECT_TRUE(param_limit_error({{std::string(257, 'n'), "v"}}));
  error = param_limit_error({{"fileId", std::string(4097, 'v')}});
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "parameter fileId is longer than 4096 bytes");
  EXPECT_TRUE(param_limit_error({{"a", "1"}, {"b", "22"}}, ParamLimits{.max_params = 1}));
  EXPECT_TRUE(param_limit_error({{"a", "1"}, {"b", "22"}}, ParamLimits{.max_value_bytes = 1}));
}

}  // namespace
}  // namespace tg::adapters
