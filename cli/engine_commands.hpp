#pragma once
// `thumbgate snapshot …`, `thumbgate sprite …` and `thumbgate animated …`, `thumbgate rendition …`: the engine on the command line, for users and benchmarks.

namespace tg::cli {

/// argv[0] is "snapshot"; returns the process exit code. Errors go to stderr.
int run_snapshot_command(int argc, char** argv);
/// argv[0] is "sprite"; returns the process exit code. Errors go to stderr.
int run_sprite_command(int argc, char** argv);
/// argv[0] is "animated"; returns the process exit code. Errors go to stderr.
int run_animated_command(int argc, char** argv);
/// argv[0] is "rendition"; returns the process exit code. Errors go to stderr.
int run_rendition_command(int argc, char** argv);

}  // namespace tg::cli
