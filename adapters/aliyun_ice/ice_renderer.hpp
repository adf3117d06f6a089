#pragma once
// ICE's answers: the job objects of GetSnapshotJob and ListSnapshotJobs, the SnapshotComplete event, and
// every answer and error as JSON or XML.

#include <optional>
#include <string>
#include <vector>

#include "adapters/aliyun_ice/ice_document.hpp"
#include "adapters/aliyun_ice/ice_error.hpp"
#include "adapters/aliyun_ice/ice_job_record.hpp"
#include "core/api_message.hpp"
#include "tasks/task.hpp"

namespace tg::adapters::aliyun_ice {

/// "Init" (queued or running), "Success", "Fail" (failed or canceled).
const char* ice_status(tasks::TaskStatus status);

/// ICE-style Code of a failed task from the engine's error name, e.g. "not_found" -> "InputFile.NotFound".
std::string failure_code(const std::string& engine_error);

/// ISO 8601 UTC "yyyy-MM-ddTHH:mm:ssZ"; "" for 0.
std::string ice_time(int64_t unix_ms);

/// Images (Normal), tiles (Sprite, WebVtt) a finished task made; the count asked for before.
int made_count(const tasks::TaskRecord& task, const IceJobRecord& record);

/// The object keys of a finished task's files in its output bucket: images or sprite pages, in order, and
/// the WebVTT index ("" when there is none).
struct JobObjects {
  std::vector<std::string> images;
  std::string vtt;
};
JobObjects job_objects(const tasks::TaskRecord& task, const IceJobRecord& record);

/// The SnapshotJob object of GetSnapshotJob (`full`) or an item of ListSnapshotJobs' Jobs.
IceNode job_node(const tasks::TaskRecord& task, const IceJobRecord& record, bool full);

/// The SnapshotComplete event body (JSON), with `urls` and `vtt_url` signed for its owner.
std::string event_body(const tasks::TaskRecord& task, const IceJobRecord& record, const std::vector<std::string>& urls,
                       const std::string& vtt_url, int64_t now_ms);

/// `body` as JSON, or as XML under <{action}Response>.
ApiResponse render(const IceNode& body, const std::string& action, bool xml);

/// {RequestId, HostId, Code, Message} as JSON, or XML under <Error>, with the error's HTTP status.
ApiResponse render_error(const IceError& error, const std::string& request_id, const std::string& host_id, bool xml);

/// A RequestId in ICE's shape: 8-4-4-4-12 uppercase hex.
std::string new_request_id();

}  // namespace tg::adapters::aliyun_ice
