#pragma once
// The public URL of a finished task's output file, served by the gateway under /outputs/.

#include <string>

namespace tg::adapters {

/// <public_base_url>/outputs/<task id>/<output name>; trailing slashes of the base are dropped.
std::string output_url(std::string base, const std::string& task_id, const std::string& output_name);

}  // namespace tg::adapters
