#include "adapters/tencent_ci/ci_settings.hpp"

#include <algorithm>

namespace tg::adapters::tencent_ci {

bool CiCredential::may_read(const std::string& bucket) const {
  return buckets.empty() || std::find(buckets.begin(), buckets.end(), bucket) != buckets.end();
}

const CiCredential* CiSettings::find_credential(const std::string& secret_id) const {
  for (const auto& c : credentials) {
    if (c.secret_id == secret_id) return &c;
  }
  return nullptr;
}

const CiBucket* CiSettings::find_bucket(const std::string& name) const {
  for (const auto& b : buckets) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

}  // namespace tg::adapters::tencent_ci
