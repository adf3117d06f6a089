#include "tasks/engine_job_runner.hpp"

#include <cerrno>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <string_view>

#include "core/logger.hpp"
#include "core/redaction.hpp"
#include "tasks/atomic_file.hpp"
#include "tasks/media_resolver.hpp"
#include "tasks/name_pattern.hpp"
#include "tasks/tar_archive.hpp"

namespace tg::tasks {
namespace {

using RunResult = tg::Result<std::vector<TaskOutput>, engine::Error>;

engine::Error invalid(std::string message) { return engine::Error{engine::Errc::kInvalidArgument, std::move(message)}; }

// A failure to write the task's own outputs, by what it means for the task; `detail` (with server paths)
// goes to the log only.
engine::Error output_error(int os_errno, std::string detail) {
  switch (os_errno) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return engine::Error{engine::Errc::kNoSpace, "no space left for the outputs", std::move(detail)};
    case EMFILE:
    case ENFILE:
    case ENOMEM:
      return engine::Error{engine::Errc::kUnavailable, "the server is short of resources to write the outputs",
                           std::move(detail)};
    default:
      return engine::Error{engine::Errc::kIo, "the outputs could not be written", std::move(detail)};
  }
}

// Names the outputs of one job and writes them, refusing a name given twice.
class OutputWriter {
 public:
  OutputWriter(const std::string& dir, const std::string& pattern, const OutputFileWriter& write_file,
               const OutputLimits& limits)
      : dir_(dir), pattern_(pattern), write_file_(write_file), limits_(limits) {}

  /// Writes `image` under the pattern's name for (n, offset_ms) and records it as `kind` answering time `index`.
  std::optional<engine::Error> write_image(const engine::Image& image, int64_t n, const char* kind, int index,
                                           int64_t offset_ms, int64_t frame_ms, int entries) {
    if (images_ >= limits_.max_images) {
      return engine::Error{engine::Errc::kTooLarge, "the task makes more than " + std::to_string(limits_.max_images) +
                                                        " images, the most one task may make"};
    }
    ++images_;
    auto name = expand_name_pattern(pattern_, n, offset_ms);
    if (!name) return invalid(name.error());
    auto written = write(*name, std::string_view(reinterpret_cast<const char*>(image.data.data()), image.data.size()));
    if (written) return written;
    outputs_.push_back(TaskOutput{.name = *name,
                                  .kind = kind,
                                  .offset_ms = offset_ms,
                                  .width = image.width,
                                  .height = image.height,
                                  .index = index,
                                  .frame_ms = frame_ms,
                                  .entries = entries});
    return std::nullopt;
  }

  /// Writes a text file named `name` (already a plain name) and records it as `kind`.
  std::optional<engine::Error> write_text(const std::string& name, std::string_view text, const char* kind,
                                          int entries) {
    auto written = write(name, text);
    if (written) return written;
    outputs_.push_back(TaskOutput{.name = name, .kind = kind, .entries = entries});
    return std::nullopt;
  }

  std::vector<TaskOutput>& outputs() { return outputs_; }

 private:
  std::optional<engine::Error> write(const std::string& name, std::string_view data) {
    if (!names_.insert(name).second) {
      return invalid("name pattern \"" + pattern_ + "\" gives the name \"" + name + "\" twice");
    }
    if (static_cast<int64_t>(data.size()) > limits_.max_bytes - bytes_) {
      return engine::Error{engine::Errc::kTooLarge, "the task's files come to more than " +
                                                        std::to_string(limits_.max_bytes) +
                                                        " bytes, the most one task may write"};
    }
    bytes_ += static_cast<int64_t>(data.size());
    auto written = write_file_(dir_, name, data);
    if (!written) return output_error(written.error().os_errno, written.error().message);
    return std::nullopt;
  }

  std::string dir_;
  std::string pattern_;
  const OutputFileWriter& write_file_;
  const OutputLimits& limits_;
  int64_t images_ = 0;
  int64_t bytes_ = 0;
  std::set<std::string> names_;
  std::vector<TaskOutput> outputs_;
};

// Removes what a failed job wrote: its folder, when nothing else is in it.
void remove_outputs(const std::string& out_dir, const std::vector<TaskOutput>& outputs) {
  std::error_code ec;
  for (const TaskOutput& output : outputs) std::filesystem::remove(std::filesystem::path(out_dir) / output.name, ec);
  std::filesystem::remove(out_dir, ec);  // fails, harmlessly, when not empty
}

int64_t to_ms(double seconds) { return static_cast<int64_t>(std::llround(seconds * 1000.0)); }

RunResult run_job(const EngineJobRunner::Options& options, const TaskRecord& task, const std::string& out_dir,
                  const std::function<void(int progress)>& progress, const std::atomic<bool>& cancel,
                  OutputWriter& writer) {
  const Job& job = task.spec.job;
  if (auto refused = exceeds_limits(job, options.limits)) {
    return tg::unexpected(engine::Error{engine::Errc::kTooLarge, *refused});
  }
  // Bad names are the request's fault: refuse them before any media work.
  if (auto probe_name = expand_name_pattern(job.name_pattern, 0, 0); !probe_name) {
    return tg::unexpected(invalid(probe_name.error()));
  }
  const auto* sprite_job = std::get_if<SpriteJob>(&job.params);
  const bool wants_vtt = sprite_job != nullptr && !sprite_job->vtt_name.empty();
  if (wants_vtt && !is_plain_file_name(sprite_job->vtt_name)) {
    return tg::unexpected(invalid("vtt name \"" + sprite_job->vtt_name + "\" is not a plain file name"));
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return tg::unexpected(output_error(ec.value(), "cannot create " + out_dir + ": " + ec.message()));

  engine::Source source;
  source.uri = task.spec.input;
  // Local inputs were resolved under the media root; the open is confined to it as well.
  if (!is_http_url(task.spec.input)) source.root = options.media_root;
  source.deadline = options.deadline;
  source.cancel = &cancel;
  source.policy = &options.policy;
  source.idle_timeout = options.idle_timeout;
  auto report = [&](int value) {
    if (progress) progress(value);
  };

  if (const auto* snapshot = std::get_if<SnapshotJob>(&job.params)) {
    TG_TRY_ASSIGN(const std::vector<engine::Image> images, engine::snapshot(source, snapshot->engine_request()));
    for (size_t i = 0; i < images.size(); ++i) {
      const engine::Image& image = images[i];
      if (image.index < 0 || static_cast<size_t>(image.index) >= snapshot->times.size()) {
        return tg::unexpected(engine::Error{engine::Errc::kInternal, "the engine answered a time not asked for"});
      }
      // The time as the request gave it, when it gave milliseconds; a share of the duration as resolved.
      const RequestedTime& asked = snapshot->times[static_cast<size_t>(image.index)];
      const int64_t ms = asked.is_percent ? to_ms(image.requested_s) : asked.offset_ms;
      if (auto error = writer.write_image(image, image.index, "image", image.index, ms, to_ms(image.frame_s), 0)) {
        return tg::unexpected(std::move(*error));
      }
      report(static_cast<int>((i + 1) * 99 / images.size()));
    }
  } else if (const auto* sample_job = std::get_if<SampleJob>(&job.params)) {
    const engine::SampleRequest& sample = sample_job->request;
    std::optional<engine::Error> sink_error;
    int64_t made = 0;
    auto sunk = engine::sample(source, sample, [&](engine::Image&& image) {
      const int64_t ms = to_ms(image.requested_s);
      if (auto error = writer.write_image(image, image.index, "image", image.index, ms, to_ms(image.frame_s), 0)) {
        sink_error = std::move(error);
        return false;
      }
      ++made;
      if (sample.count > 0) report(static_cast<int>(std::min<int64_t>(99, made * 99 / sample.count)));
      return !cancel.load();
    });
    if (sink_error) return tg::unexpected(std::move(*sink_error));
    TG_TRY(sunk);
    if (cancel.load()) {
      return tg::unexpected(engine::Error{engine::Errc::kCancelled, engine::errc_message(engine::Errc::kCancelled)});
    }
  } else if (sprite_job != nullptr) {
    auto sprite = engine::sprite(source, sprite_job->request);
    if (!sprite) return tg::unexpected(sprite.error());
    std::vector<int> tiles_on_page(sprite->pages.size(), 0);
    for (const engine::SpriteCue& cue : sprite->cues) {
      if (cue.page >= 0 && static_cast<size_t>(cue.page) < tiles_on_page.size()) ++tiles_on_page[cue.page];
    }
    std::vector<std::string> page_names;
    for (size_t page = 0; page < sprite->pages.size(); ++page) {
      const auto number = static_cast<int64_t>(page + 1);
      if (auto error = writer.write_image(sprite->pages[page], number, "sprite", static_cast<int>(page), 0, -1,
                                          tiles_on_page[page])) {
        return tg::unexpected(std::move(*error));
      }
      page_names.push_back(writer.outputs().back().name);
    }
    if (wants_vtt) {
      std::string vtt = engine::render_webvtt(sprite->cues, [&](int page) {
        return page >= 0 && static_cast<size_t>(page) < page_names.size() ? page_names[static_cast<size_t>(page)]
                                                                          : std::string();
      });
      if (auto error = writer.write_text(sprite_job->vtt_name, vtt, "vtt", static_cast<int>(sprite->cues.size()))) {
        return tg::unexpected(std::move(*error));
      }
    }
  }
  return std::move(writer.outputs());
}

}  // namespace

RunResult EngineJobRunner::run_files(const TaskRecord& task, const std::string& out_dir,
                                     const std::function<void(int progress)>& progress,
                                     const std::atomic<bool>& cancel) {
  const Job& job = task.spec.job;
  if (job.archive_name.empty()) {
    OutputWriter writer(out_dir, job.name_pattern, options_.write_file, options_.limits);
    RunResult result = run_job(options_, task, out_dir, progress, cancel, writer);
    // A cancelled job's task is run again (or by the worker that took it over): its files stay.
    if (!result && result.error().code != engine::Errc::kCancelled) remove_outputs(out_dir, writer.outputs());
    return result;
  }
  // One tar archive of every image: the images go into it as they are made, and it is renamed into
  // place only when the whole job succeeded (dropped unfinished, it leaves nothing behind).
  if (!is_plain_file_name(job.archive_name)) {
    return tg::unexpected(invalid("archive name \"" + job.archive_name + "\" is not a plain file name"));
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return tg::unexpected(output_error(ec.value(), "cannot create " + out_dir + ": " + ec.message()));
  auto tar = TarArchiveWriter::create(out_dir, job.archive_name);
  if (!tar) return tg::unexpected(output_error(tar.error().os_errno, tar.error().message));
  const OutputFileWriter into_tar = [&](const std::string&, const std::string& name, std::string_view data) {
    return (*tar)->add(name, data);
  };
  OutputWriter writer(out_dir, job.name_pattern, into_tar, options_.limits);
  RunResult result = run_job(options_, task, out_dir, progress, cancel, writer);
  if (!result) {
    tar->reset();  // removes the unfinished archive
    remove_outputs(out_dir, {});
    return result;
  }
  if (auto committed = (*tar)->commit(); !committed) {
    return tg::unexpected(output_error(committed.error().os_errno, committed.error().message));
  }
  result->push_back(TaskOutput{.name = job.archive_name, .kind = "tar", .entries = (*tar)->entries()});
  return result;
}

RunResult EngineJobRunner::run(const TaskRecord& task, const std::string& out_dir,
                               const std::function<void(int progress)>& progress, const std::atomic<bool>& cancel) {
  RunResult result = run_files(task, out_dir, progress, cancel);
  if (result) return result;
  engine::Error& error = result.error();
  // The client sees its own name for the file and a reason; the server log gets where and why.
  // A refused request or a stop is routine; an input or output that fails is worth a warning.
  const bool cancelled = error.code == engine::Errc::kCancelled;
  const bool routine = cancelled || error.code == engine::Errc::kInvalidArgument;
  tg::log(routine ? LogLevel::kInfo : LogLevel::kWarn, cancelled ? "task stopped" : "task failed",
          {{"task_id", task.id},
           {"app", task.spec.app_id},
           {"api", task.spec.api},
           {"vendor", task.spec.vendor},
           {"file_id", task.spec.source_id},
           {"input", redact_url(task.spec.input)},
           {"code", engine::errc_name(error.code)},
           {"reason", error.message},
           {"detail", redact_urls_in(error.detail)}});
  if (!task.spec.source_id.empty()) error.message = task.spec.source_id + ": " + error.message;
  return result;
}

}  // namespace tg::tasks
