#include "adapters/huawei_mpc/mpc_settings.hpp"

#include <algorithm>

namespace tg::adapters::huawei_mpc {
namespace {

template <class T>
const T* find_named(const std::vector<T>& items, std::string_view name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const MpcCredential* MpcSettings::find_credential(std::string_view access_key) const {
  auto it = std::find_if(credentials.begin(), credentials.end(),
                         [&](const MpcCredential& c) { return c.access_key == access_key; });
  return it == credentials.end() ? nullptr : &*it;
}

const MpcInputBucket* MpcSettings::find_input_bucket(std::string_view name) const {
  return find_named(input_buckets, name);
}

const MpcOutputBucket* MpcSettings::find_output_bucket(std::string_view name) const {
  return find_named(output_buckets, name);
}

}  // namespace tg::adapters::huawei_mpc
