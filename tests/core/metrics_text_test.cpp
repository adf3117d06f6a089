#include "core/metrics_text.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace tg::metrics {
namespace {

TEST(MetricsText, CounterWithHelpTypeAndEscapedLabels) {
  Registry registry;
  Counter& requests = registry.counter("tg_requests_total", "Requests served.\nBy route", {"route", "code"});
  requests.inc({"a\"b\\c\nd", "200"});
  requests.inc({"a\"b\\c\nd", "200"}, 2);
  requests.inc({"plain", "404"});
  EXPECT_EQ(render_text(registry),
            "# HELP tg_requests_total Requests served.\\nBy route\n"
            "# TYPE tg_requests_total counter\n"
            "tg_requests_total{route=\"a\\\"b\\\\c\\nd\",code=\"200\"} 3\n"
            "tg_requests_total{route=\"plain\",code=\"404\"} 1\n");
}

TEST(MetricsText, HistogramBucketsAreCumulativeWithSumAndCount) {
  Registry registry;
  Histogram& latency = registry.histogram("tg_seconds", "Latency.", {"route"}, {0.1, 0.5, 1});
  for (double v : {0.05, 0.1, 0.3, 0.7, 2.0}) latency.observe({"x"}, v);
  EXPECT_EQ(render_text(registry),
            "# HELP tg_seconds Latency.\n"
            "# TYPE tg_seconds histogram\n"
            "tg_seconds_bucket{route=\"x\",le=\"0.1\"} 2\n"
            "tg_seconds_bucket{route=\"x\",le=\"0.5\"} 3\n"
            "tg_seconds_bucket{route=\"x\",le=\"1\"} 4\n"
            "tg_seconds_bucket{route=\"x\",le=\"+Inf\"} 5\n"
            "tg_seconds_sum{route=\"x\"} 3.15\n"
            "tg_seconds_count{route=\"x\"} 5\n");
}

TEST(MetricsText, UnlabelledGaugeAndEmptyFamily) {
  Registry registry;
  registry.gauge("tg_depth", "Queue depth.").set({}, 7);
  registry.counter("tg_none_total", "Nothing yet.", {"vendor"});
  EXPECT_EQ(render_text(registry),
            "# HELP tg_depth Queue depth.\n# TYPE tg_depth gauge\ntg_depth 7\n"
            "# HELP tg_none_total Nothing yet.\n# TYPE tg_none_total counter\n");
}

TEST(MetricsText, RefreshHooksRunBeforeRendering) {
  Registry registry;
  Gauge& depth = registry.gauge("tg_depth", "Queue depth.", {"status"});
  int reads = 0;
  registry.on_render([&] { depth.set({"QUEUED"}, ++reads); });
  EXPECT_NE(render_text(registry).find("tg_depth{status=\"QUEUED\"} 1\n"), std::string::npos);
  EXPECT_NE(render_text(registry).find("tg_depth{status=\"QUEUED\"} 2\n"), std::string::npos);
}

TEST(MetricsText, NumbersAndRegistrationErrors) {
  EXPECT_EQ(format_number(3), "3");
  EXPECT_EQ(format_number(0.25), "0.25");
  EXPECT_EQ(format_number(1.0 / 0.0), "+Inf");
  EXPECT_EQ(escape_label_value("x\ny"), "x\\ny");
  Registry registry;
  registry.counter("tg_x_total", "x");
  EXPECT_THROW(registry.counter("tg_x_total", "again"), std::invalid_argument);
  EXPECT_THROW(registry.histogram("tg_h", "h", {}, {2, 1}), std::invalid_argument);
  EXPECT_THROW(registry.counter("tg_y_total", "y", {"a"}).inc({"1", "2"}), std::invalid_argument);
}

TEST(MetricsText, ConcurrentIncrementsAreAllCounted) {
  Registry registry;
  Counter& hits = registry.counter("tg_hits_total", "Hits.", {"k"});
  Histogram& h = registry.histogram("tg_h_seconds", "H.", {}, {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        hits.inc({std::to_string(i % 3)});
        h.observe({}, t % 2 == 0 ? 0.5 : 2);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  double total = 0;
  hits.each_value([&](const LabelValues&, const Value& v) { total += v.get(); });
  EXPECT_EQ(total, 40000);
  EXPECT_EQ(h.with({}).cumulative_counts(), (std::vector<uint64_t>{20000, 40000}));
  EXPECT_EQ(h.with({}).sum(), 50000);
}

}  // namespace
}  // namespace tg::metrics
