#pragma once
// GET /outputs/<task id>/<file>: serves produced images and WebVTT files from data_dir/outputs.

#include <string>
#include <string_view>

#include "core/api_message.hpp"

namespace tg::gateway {

/// Content-Type for an output file name by its extension.
std::string output_content_type(std::string_view name);

/// The response for `relative` (the path after "/outputs/"): the file, or 404 for anything that is not
/// a plain file inside `outputs_dir` (no "..", no absolute paths, no hidden or temporary files).
ApiResponse serve_output(const std::string& outputs_dir, std::string_view relative);

}  // namespace tg::gateway
