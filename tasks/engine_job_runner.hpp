#pragma once
// The JobRunner that does the real work with the media engine and writes the files.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "core/address_policy.hpp"
#include "tasks/atomic_file.hpp"
#include "tasks/job_limits.hpp"
#include "tasks/job_runner.hpp"

namespace tg::tasks {

/// Writes one output file whole; write_file_atomically unless a test puts another in.
using OutputFileWriter =
    std::function<tg::Result<Ok, FileError>(const std::string& dir, const std::string& name, std::string_view data)>;

class EngineJobRunner final : public JobRunner {
 public:
  struct Options {
    std::chrono::milliseconds deadline{std::chrono::minutes(10)};  // per job, for the engine
    AddressPolicy policy;                                           // where http(s) inputs may connect
    std::chrono::milliseconds idle_timeout{15000};                  // for http(s) inputs' transfers
    // The folder local inputs were resolved under (MediaResolver::media_root()); their open is confined
    // to it. Empty: opened as they are.
    std::string media_root;
    OutputFileWriter write_file = write_file_atomically;
    OutputLimits limits;  // beyond them the job fails (kTooLarge) and leaves no files
  };

  explicit EngineJobRunner(Options options) : options_(options) {}
  EngineJobRunner() = default;

  /// Snapshot / sample / sprite of task.spec.input into `out_dir` (created): one file per image named
  /// by the job's name_pattern (or, with Job::archive_name, one tar archive of them, written atomically), sprites' pages plus the optional .vtt whose page URLs are those names.
  /// A failure's message names the file as the client did (spec.source_id) and no server path or URL;
  /// its detail is logged here, once, with the credentials in URLs redacted.
  /// A failed job (other than a cancelled one) leaves none of its files behind. Out of disk space or
  /// quota: kNoSpace; out of descriptors or memory: kUnavailable; more images or bytes than the limits
  /// allow: kTooLarge (the job fails rather than deliver part of what was asked).
  tg::Result<std::vector<TaskOutput>, engine::Error> run(const TaskRecord& task, const std::string& out_dir,
                                                         const std::function<void(int progress)>& progress,
                                                         const std::atomic<bool>& cancel) override;

 private:
  // The job's files: one per image, or the images in one tar archive (Job::archive_name).
  tg::Result<std::vector<TaskOutput>, engine::Error> run_files(const TaskRecord& task, const std::string& out_dir,
                                                               const std::function<void(int progress)>& progress,
                                                               const std::atomic<bool>& cancel);

  Options options_;
};

}  // namespace tg::tasks
