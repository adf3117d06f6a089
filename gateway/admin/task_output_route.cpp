#include "gateway/admin/task_output_route.hpp"

#include "gateway/admin/admin_answer.hpp"
#include "gateway/admin/task_files.hpp"
#include "gateway/output_files.hpp"

namespace tg::gateway::admin {

ApiResponse task_output(AdminServices& services, const std::string& id, const std::string& name) {
  auto found = services.store.get(id);
  if (!found) return store_unavailable(found.error().message);
  if (!*found) return not_found("no such task");
  const auto path = output_path(**found, services.outputs_dir, name);
  if (!path) return not_found("no such output");
  ApiResponse answer;
  answer.status = 200;
  answer.content_type = output_content_type(name);
  answer.file_path = *path;
  add_admin_headers(answer);
  // A file opened on its own (a WebVTT index, an archive) runs nothing and frames nothing.
  answer.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
  return answer;
}

}  // namespace tg::gateway::admin
