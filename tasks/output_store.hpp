#pragma once
// Where finished tasks' files live, for every process that shares the task table. Today a folder that
// every process mounts (SharedFolderOutputStore); an object store (S3-compatible) can implement the same
// interface: a job writes into a local working folder, publish() makes the files readable by every
// process, remove() deletes them with the task.

#include <memory>
#include <string>
#include <vector>

#include "tasks/store_result.hpp"
#include "tasks/task.hpp"

namespace tg::tasks {

class OutputStore {
 public:
  virtual ~OutputStore() = default;

  /// The local folder a job writes the task's files into (it may not exist yet).
  virtual std::string working_folder(const std::string& task_id) const = 0;
  /// After the job succeeded: its files (`outputs`, in working_folder) become readable by every process.
  virtual StoreResult<bool> publish(const std::string& task_id, const std::vector<TaskOutput>& outputs) = 0;
  /// Deletes every file of the task; true when nothing of it is left.
  virtual StoreResult<bool> remove(const std::string& task_id) = 0;
};

/// Files in <root>/<task id>/, a folder every process sharing the task table mounts at `root`.
class SharedFolderOutputStore final : public OutputStore {
 public:
  explicit SharedFolderOutputStore(std::string root) : root_(std::move(root)) {}

  std::string working_folder(const std::string& task_id) const override;
  /// Nothing to copy: the job wrote into the shared folder itself.
  StoreResult<bool> publish(const std::string& task_id, const std::vector<TaskOutput>& outputs) override;
  StoreResult<bool> remove(const std::string& task_id) override;
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

/// A SharedFolderOutputStore at `root`, for options that hold a shared pointer.
std::shared_ptr<OutputStore> shared_folder_outputs(const std::string& root);

}  // namespace tg::tasks
