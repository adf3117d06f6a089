#pragma once
// Process-wide numbers for machines: counters, gauges and histograms with labels, kept in a registry and
// rendered in the Prometheus text exposition format (version 0.0.4, core/metrics_text.hpp). Any layer
// increments them without knowing HTTP. A child (one label set) is found under a shared lock and then
// updated with atomics only; callers on hot paths may keep the child they got.
//
// Label values must come from small fixed sets (vendor names, route names, statuses): each distinct set
// is kept for the life of the process.

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tg::metrics {

enum class Kind { kCounter, kGauge, kHistogram };

/// Label values in the order of the family's label names.
using LabelValues = std::vector<std::string>;

/// A value that only goes up (counter) or is set (gauge).
class Value {
 public:
  void add(double amount = 1);
  void set(double value);
  double get() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

/// Observations counted into cumulative buckets, with their sum and count.
class Distribution {
 public:
  explicit Distribution(const std::vector<double>& bounds);
  void observe(double value);
  /// Observations <= bounds[i] for each bound, then the total count (+Inf).
  std::vector<uint64_t> cumulative_counts() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  const std::vector<double>& bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // per bucket (not cumulative), the last is +Inf
  std::atomic<double> sum_{0};
};

/// One metric name with its children, one per label set.
class Family {
 public:
  Family(std::string name, std::string help, Kind kind, std::vector<std::string> label_names,
         std::vector<double> bounds = {});
  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  Kind kind() const { return kind_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  const std::vector<double>& bounds() const { return bounds_; }

  /// Visits every child in label order (under the family's shared lock).
  void each_value(const std::function<void(const LabelValues&, const Value&)>& visit) const;
  void each_distribution(const std::function<void(const LabelValues&, const Distribution&)>& visit) const;

 protected:
  Value& value(LabelValues labels);
  Distribution& distribution(LabelValues labels);

 private:
  std::string name_;
  std::string help_;
  Kind kind_;
  std::vector<std::string> label_names_;
  std::vector<double> bounds_;
  mutable std::shared_mutex mutex_;
  std::map<LabelValues, std::unique_ptr<Value>> values_;
  std::map<LabelValues, std::unique_ptr<Distribution>> distributions_;
};

class Counter : public Family {
 public:
  Counter(std::string name, std::string help, std::vector<std::string> label_names);
  /// The child for these label values (one per label name), created at first use.
  Value& with(LabelValues labels) { return value(std::move(labels)); }
  void inc(LabelValues labels, double amount = 1) { with(std::move(labels)).add(amount); }
};

class Gauge : public Family {
 public:
  Gauge(std::string name, std::string help, std::vector<std::string> label_names);
  Value& with(LabelValues labels) { return value(std::move(labels)); }
  void set(LabelValues labels, double v) { with(std::move(labels)).set(v); }
};

class Histogram : public Family {
 public:
  /// `bounds`: the buckets' upper bounds, increasing (the +Inf bucket is added).
  Histogram(std::string name, std::string help, std::vector<std::string> label_names, std::vector<double> bounds);
  Distribution& with(LabelValues labels) { return distribution(std::move(labels)); }
  void observe(LabelValues labels, double v) { with(std::move(labels)).observe(v); }
};

/// The families of a process (or of a test), in registration order.
class Registry {
 public:
  Counter& counter(std::string name, std::string help, std::vector<std::string> label_names = {});
  Gauge& gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  Histogram& histogram(std::string name, std::string help, std::vector<std::string> label_names,
                       std::vector<double> bounds);
  /// Runs `refresh` before every render (e.g. gauges read from a database); returns nothing.
  void on_render(std::function<void()> refresh);

  /// Calls the refresh hooks, then visits every family in registration order.
  void each_family(const std::function<void(const Family&)>& visit) const;
  void refresh() const;

 private:
  Family& add(std::unique_ptr<Family> family);
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_;
  std::vector<std::function<void()>> refreshers_;
};

/// The process-wide registry.
Registry& default_registry();

/// Latency buckets in seconds for HTTP requests (5 ms .. 10 s).
const std::vector<double>& request_seconds_buckets();
/// Buckets in seconds for engine work (10 ms .. 5 min).
const std::vector<double>& engine_seconds_buckets();

}  // namespace tg::metrics
