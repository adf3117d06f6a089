// The GetSnapshot result cache: keys, byte-bounded LRU eviction.

#include <gtest/gtest.h>

#include "adapters/tencent_ci/cos_result_cache.hpp"
#include "core/metrics_text.hpp"

namespace tg::adapters::tencent_ci {
namespace {

std::shared_ptr<const CachedSnapshot> image(std::size_t bytes, char fill = 'x') {
  auto s = std::make_shared<CachedSnapshot>();
  s->bytes.assign(bytes, fill);
  return s;
}

TEST(CosResultCacheTest, KeysSeparateObjectVersionsAndParameters) {
  const std::string base = CosResultCache::key_for("b-1", "a.mp4", 100, 2000, "t=1");
  EXPECT_EQ(base, CosResultCache::key_for("b-1", "a.mp4", 100, 2000, "t=1"));
  EXPECT_NE(base, CosResultCache::key_for("b-2", "a.mp4", 100, 2000, "t=1"));
  EXPECT_NE(base, CosResultCache::key_for("b-1", "b.mp4", 100, 2000, "t=1"));
  EXPECT_NE(base, CosResultCache::key_for("b-1", "a.mp4", 101, 2000, "t=1"));
  EXPECT_NE(base, CosResultCache::key_for("b-1", "a.mp4", 100, 2001, "t=1"));
  EXPECT_NE(base, CosResultCache::key_for("b-1", "a.mp4", 100, 2000, "t=2"));
  // Separators inside names cannot make two objects collide.
  EXPECT_NE(CosResultCache::key_for("a|b", "c", 1, 1, "p"), CosResultCache::key_for("a", "b|c", 1, 1, "p"));
}

TEST(CosResultCacheTest, GetReturnsWhatWasPut) {
  CosResultCache cache(1000);
  EXPECT_EQ(cache.get("k"), nullptr);
  cache.put("k", image(10, 'a'));
  auto hit = cache.get("k");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->bytes, std::string(10, 'a'));
  cache.put("k", image(20, 'b'));  // replaced, not counted twice
  EXPECT_EQ(cache.bytes(), 20u);
  EXPECT_EQ(cache.entries(), 1u);
}

TEST(CosResultCacheTest, EvictsTheLeastRecentlyUsedToStayWithinBytes) {
  CosResultCache cache(100);
  cache.put("a", image(40));
  cache.put("b", image(40));
  ASSERT_NE(cache.get("a"), nullptr);  // a is now more recent than b
  cache.put("c", image(40));
  EXPECT_EQ(cache.get("b"), nullptr);
  EXPECT_NE(cache.get("a"), nullptr);
  EXPECT_NE(cache.get("c"), nullptr);
  EXPECT_LE(cache.bytes(), 100u);
  EXPECT_EQ(cache.entries(), 2u);
}

TEST(CosResultCacheTest, ValuesLargerThanTheBudgetAndZeroBudgetKeepNothing) {
  CosResultCache cache(50);
  cache.put("big", image(51));
  EXPECT_EQ(cache.get("big"), nullptr);
  EXPECT_EQ(cache.bytes(), 0u);
  CosResultCache off(0);
  off.put("k", image(1));
  EXPECT_EQ(off.get("k"), nullptr);
}

// The process's /metrics counts every lookup as a hit or a miss.
TEST(CosResultCacheTest, LookupsAreCountedAsHitsAndMisses) {
  auto count = [](const char* result) {
    double n = -1;
    metrics::default_registry().each_family([&](const metrics::Family& family) {
      if (family.name() != "thumbgate_cos_result_cache_lookups_total") return;
      n = 0;
      family.each_value([&](const metrics::LabelValues& labels, const metrics::Value& v) {
        if (labels == metrics::LabelValues{result}) n = v.get();
      });
    });
    return n;
  };
  CosResultCache cache(1000);
  const double hits = count("hit"), misses = count("miss");
  ASSERT_GE(hits, 0);  // registered with the first cache
  EXPECT_EQ(cache.get("k"), nullptr);
  cache.put("k", image(10));
  EXPECT_NE(cache.get("k"), nullptr);
  EXPECT_NE(cache.get("k"), nullptr);
  EXPECT_EQ(count("hit") - hits, 2);
  EXPECT_EQ(count("miss") - misses, 1);
  EXPECT_NE(metrics::render_text(metrics::default_registry()).find("thumbgate_cos_result_cache_lookups_total{result=\"hit\"}"),
            std::string::npos);
}

}  // namespace
}  // namespace tg::adapters::tencent_ci
