#include "gateway/admin/task_files.hpp"

#include <filesystem>

#include "core/path_containment.hpp"
#include "signing/percent_encoding.hpp"

namespace tg::gateway::admin {

namespace fs = std::filesystem;

std::string task_folder(const tasks::TaskRecord& task, const std::string& outputs_dir) {
  if (!task.spec.job.output_dir.empty()) return task.spec.job.output_dir;
  return (fs::path(outputs_dir) / task.id).string();
}

bool is_fetchable_output(const tasks::TaskRecord& task, std::string_view name) {
  if (name.empty()) return false;
  const std::string& archive = task.spec.job.archive_name;
  if (!archive.empty() && name == archive) return true;
  for (const tasks::TaskOutput& output : task.outputs) {
    if (output.name != name) continue;
    // Images of an archived job are inside the archive, not files of their own.
    return archive.empty() || output.kind != "image";
  }
  return false;
}

std::optional<std::string> output_path(const tasks::TaskRecord& task, const std::string& outputs_dir,
                                       std::string_view name) {
  if (!is_fetchable_output(task, name)) return std::nullopt;
  if (name.find('\0') != std::string_view::npos || fs::path(std::string(name)).is_absolute() ||
      has_dot_dot_segment(name)) {
    return std::nullopt;
  }
  const auto root = canonical_path(task_folder(task, outputs_dir));
  if (!root) return std::nullopt;
  const auto path = canonical_path(*root / std::string(name));
  if (!path || !is_below(*path, *root)) return std::nullopt;
  std::error_code ec;
  if (!fs::is_regular_file(*path, ec)) return std::nullopt;
  return path->string();
}

std::string output_url(const tasks::TaskRecord& task, std::string_view name) {
  return "/admin/api/tasks/" + signing::percent_encode(task.id) + "/outputs/" + signing::percent_encode(name);
}

}  // namespace tg::gateway::admin
