#include "adapters/common/store_failure.hpp"

#include "core/logger.hpp"

namespace tg::adapters {

std::string store_failure(const tasks::StoreError& error, std::string_view what) {
  tg::log(LogLevel::kError, "task store failed", {{"doing", std::string(what)}, {"error", error.message}});
  return std::string(kStoreUnavailable);
}

}  // namespace tg::adapters
