#pragma once
// Tasks that finished before the cue count of their WebVTT index was stored with them get it once, from
// the file, when the gateway starts: afterwards a query answers from the task row alone.

#include <string>

#include "tasks/task_store.hpp"

namespace tg::tasks {

/// Counts the cues of every SUCCEEDED task's WebVTT output stored without one (kEntriesNotRecorded) in
/// outputs_dir/<task id>/<name> and stores the count (0 when the file is gone). Returns how many tasks
/// were updated.
StoreResult<int> backfill_cue_counts(TaskStore& store, const std::string& outputs_dir);

/// The cues in the WebVTT file at `path` (lines with "-->"); 0 when it cannot be read.
int count_cues_in_file(const std::string& path);

}  // namespace tg::tasks
