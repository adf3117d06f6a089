#include "gateway/config_resources.hpp"

#include "adapters/common/config_fields.hpp"

namespace tg::gateway {

using namespace adapters::config_fields;

tg::Result<Ok, std::string> read_resource_fields(const rapidjson::Value& root, Config& config) {
  TG_TRY(read_int(root, "", "max_connections", config.max_connections, 0, 1'000'000));
  TG_TRY(read_int(root, "", "header_timeout_ms", config.header_timeout_ms, 100, 600'000));
  TG_TRY(read_int(root, "", "shutdown_grace_ms", config.shutdown_grace_ms, 0, 600'000));
  TG_TRY(read_int(root, "", "retention_hours", config.retention_hours, 0, 87'600));
  TG_TRY(read_int(root, "", "max_remote_workers", config.max_remote_workers, 0, 64));
  TG_TRY(read_int(root, "", "max_images_per_task", config.max_images_per_task, 1, 1'000'000));
  TG_TRY(read_int(root, "", "max_output_bytes_per_task", config.max_output_bytes_per_task, 1 << 20,
                  int64_t{1} << 40));
  return Ok{};
}

}  // namespace tg::gateway
