#pragma once
// Runs a command-line tool (ffmpeg, ffprobe, the thumbgate binary) without a shell, stdin closed,
// and collects what it wrote. For tests and their helpers only.

#include <string>
#include <vector>

namespace tg::testing {

struct ToolOutput {
  int exit_code = -1;  // the process exit status; -1 when it could not start or died of a signal
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
};

/// Runs argv[0] (looked up in PATH) with the given arguments and waits for it to finish.
ToolOutput run_tool(const std::vector<std::string>& argv);

}  // namespace tg::testing
