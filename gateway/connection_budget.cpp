#include "gateway/connection_budget.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace tg::gateway {
namespace {

constexpr uint64_t kBaseReserve = 64;
constexpr uint64_t kPerThreadReserve = 8;
constexpr std::size_t kMaxDerivedConnections = 10000;

}  // namespace

uint64_t raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur != limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? UINT64_MAX : static_cast<uint64_t>(limit.rlim_cur);
}

uint64_t reserved_descriptors(const Config& config, const adapters::VendorList& vendors) {
  uint64_t threads = static_cast<uint64_t>(std::max(0, config.workers));
  uint64_t open_inputs = 0;
  for (const auto& vendor : vendors) {
    auto found = config.vendors.find(vendor->name());
    if (found == config.vendors.end()) continue;
    const adapters::DescriptorNeeds needs = vendor->descriptor_needs(found->second);
    threads += static_cast<uint64_t>(std::max(0, needs.threads));
    open_inputs += static_cast<uint64_t>(std::max<int64_t>(0, needs.open_inputs));
  }
  return kBaseReserve + kPerThreadReserve * threads + open_inputs;
}

std::size_t connection_cap(uint64_t open_files, const Config& config, const adapters::VendorList& vendors) {
  if (config.max_connections > 0) return static_cast<std::size_t>(config.max_connections);
  const uint64_t reserve = reserved_descriptors(config, vendors);
  const uint64_t spare = open_files > reserve ? (open_files - reserve) / 2 : 0;
  return static_cast<std::size_t>(std::clamp<uint64_t>(spare, 1, kMaxDerivedConnections));
}

}  // namespace tg::gateway
