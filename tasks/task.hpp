#pragma once
// The shared task vocabulary every adapter speaks: what was asked (TaskSpec) and what became of it
// (TaskRecord).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tasks/delivery_state.hpp"
#include "tasks/job.hpp"
#include "tasks/task_status.hpp"

namespace tg::tasks {

struct TaskSpec {
  std::string app_id;           // the owner: ZEGO AppId, Tencent SecretId's app, ...
  std::string api;              // the front door that created it: "zego", "tencent_vod", ...
  std::string vendor;           // the flavour that renders it: "tencent", "huawei", ...
  std::string type;             // "SnapshotByTimeOffset", "SampleSnapshot", "ImageSprite", ...
  std::string source_id;        // the file id as the client named it
  std::string input;            // what the engine opens: an absolute path or an http(s) URL
  Job job;
  std::string callback_url;     // empty = no callback (callbacks are signed with the config's current secret)
  std::string extra;            // adapter-owned JSON kept for rendering (template id, request id, ...)
  // The request as received, secrets removed, as JSON text:
  // {"method":"GET","path":"/v2/index.php","query":[["Action","CreateImageSprite"],...],"body":"..."};
  // "" when not recorded.
  std::string request;
};

/// One file a task made, with what the engine reported for it.
struct TaskOutput {
  std::string name;       // file name inside the task's output folder
  std::string kind;       // "image", "sprite" or "vtt"
  int64_t offset_ms = 0;  // requested time of an image (as the request gave it, or resolved from a percent); others: 0
  int width = 0;
  int height = 0;
  // Images: the position of their requested time in the job (snapshots) or their sample number; sprite pages:
  // the 0-based page; vtt: 0.
  int index = 0;
  int64_t frame_ms = -1;  // images: time of the frame actually used; -1 = not reported (others, older rows)
  int entries = 0;        // sprite pages: tiles on the page; vtt: cues in the index; images: 0
};

/// TaskOutput::entries of a WebVTT index stored before cue counts were (see tasks/cue_count_backfill.hpp).
inline constexpr int kEntriesNotRecorded = -1;

struct TaskRecord {
  std::string id;
  TaskSpec spec;
  TaskStatus status = TaskStatus::kQueued;
  int progress = 0;  // 0..100
  int attempts = 0;  // times a worker claimed it
  std::string error_code;     // engine error name when FAILED, e.g. "not_found"
  std::string error_message;
  std::vector<TaskOutput> outputs;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  int64_t started_ms = 0;   // 0 = not started
  int64_t finished_ms = 0;  // 0 = not finished
  int64_t lease_until_ms = 0;
  std::string worker_id;
};

/// One claim of a task by a worker, as the task store records it.
struct TaskAttempt {
  int number = 0;  // 1, 2, ... in order of claims (keeps counting across a manual retry)
  std::string worker_id;
  int64_t started_ms = 0;
  int64_t ended_ms = 0;  // 0 = still running
  // "running", "succeeded", "failed", "retry" (released for a later try), "released" (put back at
  // shutdown), "lease_expired", "canceled"
  std::string outcome;
  std::string error_code;  // failed / retry
  std::string error_message;
};

/// One POST of a callback delivery.
struct CallbackAttempt {
  int64_t callback_id = 0;
  int number = 0;  // 1, 2, ...
  int64_t at_ms = 0;
  int http_status = 0;           // 0 = no response
  std::string error;             // transport error or "HTTP 500"; "" when delivered
  std::string response_snippet;  // the start of the response body (kResponseSnippetBytes), valid UTF-8
};

/// How much of a callback receiver's answer is kept (cut at a character).
inline constexpr size_t kResponseSnippetBytes = 256;

/// A callback POST waiting to be delivered (or done with). Lives in the same database as the tasks.
struct CallbackDelivery {
  int64_t id = 0;
  std::string task_id;
  std::string url;
  std::string body;
  std::string content_type = "application/json";
  int attempts = 0;            // POSTs made so far
  int64_t next_attempt_ms = 0;
  std::string state = to_string(DeliveryState::kPending);  // as stored: one of kDeliveryStateNames
  std::string last_error;
  int64_t created_ms = 0;  // set by the store when the delivery is queued
  int64_t updated_ms = 0;  // the time of the last recorded attempt; update_callback stores it
  int last_http_status = 0;  // of the last attempt; 0 = no response (or none made)
  std::string last_response;  // the start of the last attempt's response body (see CallbackAttempt)
  // attempts made before the last redeliver(): the sender's retry schedule counts from here
  int redelivered_after = 0;
};

/// Which tasks list() and count() look at: every condition given must hold.
struct TaskQuery {
  std::string app_id;            // empty = any
  std::string api;               // empty = any
  std::vector<std::string> ids;  // empty = any; otherwise one of these (at most 100)
  std::string source;            // empty = any; otherwise source_id = source OR input = source
  std::optional<TaskStatus> status;
  int64_t created_from_ms = 0;  // created at or after; 0 = no lower bound
  int64_t created_to_ms = 0;    // created before; 0 = no upper bound
  bool newest_first = true;     // order by creation time (then id), newest or oldest first
  int limit = 50;               // list(): at most this many (capped at 1000)
  int offset = 0;               // list(): skipping this many
  // Keyset paging: the last row of the previous page; rows strictly after it in the query's order.
  // after_id empty = from the first row.
  int64_t after_created_ms = 0;
  std::string after_id;
};

}  // namespace tg::tasks
