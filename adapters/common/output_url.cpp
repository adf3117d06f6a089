#include "adapters/common/output_url.hpp"

namespace tg::adapters {

std::string output_url(std::string base, const std::string& task_id, const std::string& output_name) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/outputs/" + task_id + "/" + output_name;
}

}  // namespace tg::adapters
