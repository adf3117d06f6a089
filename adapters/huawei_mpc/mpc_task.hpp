#pragma once
// A validated CreateThumbnailsTask -> the TaskSpec the task store queues, and the request facts kept with
// it (TaskSpec::extra) for the query's ThumbTask. Pure: the caller has located the input and chosen the
// output folder.

#include <string>

#include "adapters/huawei_mpc/thumbnail_request.hpp"
#include "tasks/task.hpp"

namespace tg::adapters::huawei_mpc {

inline constexpr const char* kApiName = "huawei_mpc";

/// What the front door decided for a request before building its task.
struct TaskPlacement {
  std::string task_id;
  std::string project_id;
  std::string input_uri;      // what the engine opens: a path under media_root or an http(s) URL
  std::string output_dir;     // absolute folder inside the output bucket
  std::string output_object;  // output.object as the task writes it: the prefix plus the task folder, if any
};

/// The output folder prefix a task writes under: output.object ending in '/', plus "<task id>/" unless
/// original_dir=1 (MPC adds a folder so that two tasks' files do not overwrite each other).
std::string output_prefix(const CreateThumbnailsRequest& request, const std::string& task_id);

/// The task to queue.
tasks::TaskSpec build_task_spec(const CreateThumbnailsRequest& request, const TaskPlacement& placement);

/// Request facts kept in TaskSpec::extra.
struct TaskExtra {
  ObsObject input;
  ObsObject output;  // object: the prefix the files were written under
  std::string user_data;
  std::string archive_name;  // tar=0: the tar file's name
};

/// Reads what build_task_spec stored; missing or unreadable fields stay empty.
TaskExtra decode_task_extra(const std::string& extra);

/// A new task id: 18 random decimal digits (MPC task ids are numbers, carried as strings).
std::string new_task_id();

}  // namespace tg::adapters::huawei_mpc
