#include "core/metrics.hpp"

#include <algorithm>
#include <stdexcept>

namespace tg::metrics {
namespace {

void atomic_add(std::atomic<double>& target, double amount) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + amount, std::memory_order_relaxed)) {
  }
}

}  // namespace

void Value::add(double amount) { atomic_add(value_, amount); }
void Value::set(double value) { value_.store(value, std::memory_order_relaxed); }

Distribution::Distribution(const std::vector<double>& bounds)
    : bounds_(bounds), counts_(new std::atomic<uint64_t>[bounds.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Distribution::observe(double value) {
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value);  // first bound >= value
  counts_[static_cast<std::size_t>(at - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  atomic_add(sum_, value);
}

std::vector<uint64_t> Distribution::cumulative_counts() const {
  std::vector<uint64_t> out(bounds_.size() + 1);
  uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    out[i] = running;
  }
  return out;
}

Family::Family(std::string name, std::string help, Kind kind, std::vector<std::string> label_names,
               std::vector<double> bounds)
    : name_(std::move(name)), help_(std::move(help)), kind_(kind), label_names_(std::move(label_names)),
      bounds_(std::move(bounds)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end())) throw std::invalid_argument(name_ + ": bounds not sorted");
}

Value& Family::value(LabelValues labels) {
  if (labels.size() != label_names_.size()) throw std::invalid_argument(name_ + ": wrong number of labels");
  {
    std::shared_lock lock(mutex_);
    if (auto found = values_.find(labels); found != values_.end()) return *found->second;
  }
  std::unique_lock lock(mutex_);
  auto& slot = values_[std::move(labels)];
  if (!slot) slot = std::make_unique<Value>();
  return *slot;
}

Distribution& Family::distribution(LabelValues labels) {
  if (labels.size() != label_names_.size()) throw std::invalid_argument(name_ + ": wrong number of labels");
  {
    std::shared_lock lock(mutex_);
    if (auto found = distributions_.find(labels); found != distributions_.end()) return *found->second;
  }
  std::unique_lock lock(mutex_);
  auto& slot = distributions_[std::move(labels)];
  if (!slot) slot = std::make_unique<Distribution>(bounds_);
  return *slot;
}

void Family::each_value(const std::function<void(const LabelValues&, const Value&)>& visit) const {
  std::shared_lock lock(mutex_);
  for (const auto& [labels, value] : values_) visit(labels, *value);
}

void Family::each_distribution(const std::function<void(const LabelValues&, const Distribution&)>& visit) const {
  std::shared_lock lock(mutex_);
  for (const auto& [labels, distribution] : distributions_) visit(labels, *distribution);
}

Counter::Counter(std::string name, std::string help, std::vector<std::string> label_names)
    : Family(std::move(name), std::move(help), Kind::kCounter, std::move(label_names)) {}
Gauge::Gauge(std::string name, std::string help, std::vector<std::string> label_names)
    : Family(std::move(name), std::move(help), Kind::kGauge, std::move(label_names)) {}
Histogram::Histogram(std::string name, std::string help, std::vector<std::string> label_names,
                     std::vector<double> bounds)
    : Family(std::move(name), std::move(help), Kind::kHistogram, std::move(label_names), std::move(bounds)) {}

Family& Registry::add(std::unique_ptr<Family> family) {
  std::lock_guard lock(mutex_);
  for (const auto& existing : families_) {
    if (existing->name() == family->name()) throw std::invalid_argument(family->name() + ": registered twice");
  }
  families_.push_back(std::move(family));
  return *families_.back();
}

Counter& Registry::counter(std::string name, std::string help, std::vector<std::string> label_names) {
  return static_cast<Counter&>(
      add(std::make_unique<Counter>(std::move(name), std::move(help), std::move(label_names))));
}

Gauge& Registry::gauge(std::string name, std::string help, std::vector<std::string> label_names) {
  return static_cast<Gauge&>(add(std::make_unique<Gauge>(std::move(name), std::move(help), std::move(label_names))));
}

Histogram& Registry::histogram(std::string name, std::string help, std::vector<std::string> label_names,
                               std::vector<double> bounds) {
  return static_cast<Histogram&>(add(std::make_unique<Histogram>(std::move(name), std::move(help),
                                                                 std::move(label_names), std::move(bounds))));
}

void Registry::on_render(std::function<void()> refresh) {
  std::lock_guard lock(mutex_);
  refreshers_.push_back(std::move(refresh));
}

void Registry::refresh() const {
  std::vector<std::function<void()>> hooks;
  {
    std::lock_guard lock(mutex_);
    hooks = refreshers_;
  }
  for (const auto& hook : hooks) hook();
}

void Registry::each_family(const std::function<void(const Family&)>& visit) const {
  std::vector<const Family*> families;
  {
    std::lock_guard lock(mutex_);
    for (const auto& family : families_) families.push_back(family.get());
  }
  for (const Family* family : families) visit(*family);
}

Registry& default_registry() {
  static Registry* instance = new Registry();  // never destroyed: counted from any thread until exit
  return *instance;
}

const std::vector<double>& request_seconds_buckets() {
  static const std::vector<double> bounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return bounds;
}

const std::vector<double>& engine_seconds_buckets() {
  static const std::vector<double> bounds{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
  return bounds;
}

}  // namespace tg::metrics
