#include "tasks/output_store.hpp"

#include <filesystem>

#include "tasks/worker_pool.hpp"

namespace tg::tasks {

std::string SharedFolderOutputStore::working_folder(const std::string& task_id) const {
  return (std::filesystem::path(root_) / task_id).string();
}

StoreResult<bool> SharedFolderOutputStore::publish(const std::string&, const std::vector<TaskOutput>&) {
  return true;
}

StoreResult<bool> SharedFolderOutputStore::remove(const std::string& task_id) {
  // An id that could name another folder (empty, "..", a path) is never turned into a path.
  if (!is_safe_task_id(task_id)) return tg::unexpected(StoreError{"task id cannot name an output folder"});
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(root_) / task_id, ec);
  if (ec) return tg::unexpected(StoreError{ec.message()});
  return true;
}

std::shared_ptr<OutputStore> shared_folder_outputs(const std::string& root) {
  return std::make_shared<SharedFolderOutputStore>(root);
}

}  // namespace tg::tasks
