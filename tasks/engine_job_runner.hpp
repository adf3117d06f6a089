#pragma once
// The JobRunner that does the real work with the media engine and writes the files.

#include <chrono>
#include <string>

#include "core/address_policy.hpp"

#include "tasks/job_runner.hpp"

namespace tg::tasks {

class EngineJobRunner final : public JobRunner {
 public:
  struct Options {
    std::chrono::milliseconds deadline{std::chrono::minutes(10)};  // per job, for the engine
    AddressPolicy policy;                                           // where http(s) inputs may connect
    std::chrono::milliseconds idle_timeout{15000};                  // for http(s) inputs' transfers
    // The folder local inputs were resolved under (MediaResolver::media_root()); their open is confined
    // to it. Empty: opened as they are.
    std::string media_root;
  };

  explicit EngineJobRunner(Options options) : options_(options) {}
  EngineJobRunner() = default;

  /// Snapshot / sample / sprite of task.spec.input into `out_dir` (created): one file per image named
  /// by the job's name_pattern, sprites' pages plus the optional .vtt whose page URLs are those names.
  /// A failure's message names the file as the client did (spec.source_id) and no server path or URL;
  /// its detail is logged here, once, with the credentials in URLs redacted.
  tg::Result<std::vector<TaskOutput>, engine::Error> run(const TaskRecord& task, const std::string& out_dir,
                                                         const std::function<void(int progress)>& progress,
                                                         const std::atomic<bool>& cancel) override;

 private:
  tg::Result<std::vector<TaskOutput>, engine::Error> run_job(const TaskRecord& task, const std::string& out_dir,
                                                             const std::function<void(int progress)>& progress,
                                                             const std::atomic<bool>& cancel);

  Options options_;
};

}  // namespace tg::tasks
