#include "tasks/cue_count_backfill.hpp"

#include <filesystem>
#include <fstream>

#include "tasks/worker_pool.hpp"

namespace tg::tasks {
namespace {

constexpr int kPage = 500;

bool needs_count(const TaskRecord& task) {
  for (const TaskOutput& output : task.outputs) {
    if (output.kind == "vtt" && output.entries == kEntriesNotRecorded) return true;
  }
  return false;
}

// A stored name that is one plain file name (the worker wrote it inside the task's folder).
bool is_plain_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

}  // namespace

int count_cues_in_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return 0;
  int count = 0;
  std::string line;
  while (std::getline(file, line)) {
    if (line.find("-->") != std::string::npos) ++count;
  }
  return count;
}

StoreResult<int> backfill_cue_counts(TaskStore& store, const std::string& outputs_dir) {
  int updated = 0;
  TaskQuery query;
  query.status = TaskStatus::kSucceeded;
  query.limit = kPage;
  for (query.offset = 0;; query.offset += kPage) {
    TG_TRY_ASSIGN(std::vector<TaskRecord> page, store.list(query));
    for (TaskRecord& task : page) {
      if (!needs_count(task)) continue;
      for (TaskOutput& output : task.outputs) {
        if (output.kind != "vtt" || output.entries != kEntriesNotRecorded) continue;
        output.entries = is_safe_task_id(task.id) && is_plain_name(output.name)
                             ? count_cues_in_file((std::filesystem::path(outputs_dir) / task.id / output.name).string())
                             : 0;
      }
      TG_TRY_ASSIGN(bool replaced, store.replace_outputs(task.id, task.outputs));
      if (replaced) ++updated;
    }
    if (static_cast<int>(page.size()) < kPage) break;
  }
  return updated;
}

}  // namespace tg::tasks
