#include "adapters/huawei_mpc/thumbnail_request_parser.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>

#include "adapters/common/numbers.hpp"
#include "core/path_containment.hpp"
#include "core/time_format.hpp"
#include "tasks/name_pattern.hpp"

namespace tg::adapters::huawei_mpc {
namespace {

using Value = rapidjson::Value;
using Error = tg::Unexpected<MpcError>;

constexpr int64_t kMaxSeconds = 10'000'000;  // ~115 days: far past any media, well inside engine limits
constexpr std::size_t kMaxTextBytes = 1024;
constexpr std::size_t kMaxFilenameBytes = 128;
constexpr std::size_t kMaxDots = 10;
constexpr std::size_t kMaxTaskIdBytes = 64;

Error invalid(const std::string& detail) { return tg::unexpected(MpcError::invalid_parameter(detail)); }

std::string field_name(const std::string& path, const char* name) { return path.empty() ? name : path + "." + name; }

const Value* member(const Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it == object.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

bool has_control_chars(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

tg::Result<Ok, MpcError> read_text(const Value& object, const std::string& path, const char* name, std::string& out,
                                   std::size_t max_bytes = kMaxTextBytes) {
  const Value* v = member(object, name);
  if (!v) return Ok{};
  const std::string field = field_name(path, name);
  if (!v->IsString()) return invalid(field + " must be a string");
  std::string_view text(v->GetString(), v->GetStringLength());
  if (text.size() > max_bytes) return invalid(field + " is longer than " + std::to_string(max_bytes) + " bytes");
  if (text.find('\0') != std::string_view::npos) return invalid(field + " must not contain NUL");
  out.assign(text);
  return Ok{};
}

// An integer field in [min, max]; absent keeps `out`.
template <class Int>
tg::Result<Ok, MpcError> read_int(const Value& object, const std::string& path, const char* name, Int& out,
                                  int64_t min, int64_t max) {
  const Value* v = member(object, name);
  if (!v) return Ok{};
  if (!v->IsInt64() || v->GetInt64() < min || v->GetInt64() > max) {
    return invalid(field_name(path, name) + " must be an integer from " + std::to_string(min) + " to " +
                   std::to_string(max));
  }
  out = static_cast<Int>(v->GetInt64());
  return Ok{};
}

tg::Result<Ok, MpcError> read_flag(const Value& object, const char* name, bool zero_means_true, bool& out) {
  int value = -1;
  const Value* v = member(object, name);
  if (!v) return Ok{};
  TG_TRY(read_int(object, "", name, value, 0, 1));
  out = zero_means_true ? value == 0 : value == 1;
  return Ok{};
}

tg::Result<ObsObject, MpcError> read_obs(const Value& body, const char* name, bool is_input) {
  const Value* v = member(body, name);
  if (!v) return invalid(std::string(name) + " is required");
  if (!v->IsObject()) return invalid(std::string(name) + " must be an object");
  ObsObject out;
  TG_TRY(read_text(*v, name, "bucket", out.bucket, 63));
  TG_TRY(read_text(*v, name, "location", out.location, 64));
  TG_TRY(read_text(*v, name, "object", out.object));
  if (out.bucket.empty()) return invalid(std::string(name) + ".bucket is required");
  if (out.location.empty()) return invalid(std::string(name) + ".location is required");
  if (is_input && out.object.empty()) return invalid("input.object is required");
  if (!is_safe_object_key(out.object)) {
    return invalid(std::string(name) +
                   ".object must be a key inside the bucket (no leading '/', no '..' segment, no control characters)");
  }
  return out;
}

tg::Result<std::vector<int64_t>, MpcError> read_dots(const Value& para, const char* name, int64_t unit_ms) {
  const Value* v = member(para, name);
  const std::string field = std::string("thumbnail_para.") + name;
  if (!v) return invalid(field + " is required for this type");
  if (!v->IsArray() || v->Size() == 0) return invalid(field + " must be a non-empty array of integers");
  if (v->Size() > kMaxDots) return invalid(field + " has more than " + std::to_string(kMaxDots) + " time points");
  std::vector<int64_t> dots;
  for (const Value& item : v->GetArray()) {
    const int64_t max = kMaxSeconds * 1000 / unit_ms;
    if (!item.IsInt64() || item.GetInt64() < 0 || item.GetInt64() > max) {
      return invalid(field + " values must be integers from 0 to " + std::to_string(max));
    }
    const int64_t ms = item.GetInt64() * unit_ms;
    if (std::find(dots.begin(), dots.end(), ms) != dots.end()) {
      return invalid(field + " lists the time point " + std::to_string(item.GetInt64()) + " twice");
    }
    dots.push_back(ms);
  }
  return dots;
}

tg::Result<ThumbnailPara, MpcError> read_para(const Value& body) {
  const Value* v = member(body, "thumbnail_para");
  if (!v) return invalid("thumbnail_para is required");
  if (!v->IsObject()) return invalid("thumbnail_para must be an object");
  const std::string path = "thumbnail_para";
  ThumbnailPara para;
  std::string type = "TIME";
  TG_TRY(read_text(*v, path, "type", type, 16));
  if (type == "TIME") {
    para.type = ThumbnailType::kTime;
  } else if (type == "DOTS") {
    para.type = ThumbnailType::kDots;
  } else if (type == "DOTS_MS") {
    para.type = ThumbnailType::kDotsMs;
  } else {
    return invalid("thumbnail_para.type must be TIME, DOTS or DOTS_MS");
  }
  TG_TRY(read_int(*v, path, "time", para.interval_s, 1, 100));
  TG_TRY(read_int(*v, path, "start_time", para.start_s, 0, kMaxSeconds));
  TG_TRY(read_int(*v, path, "duration", para.duration_s, 0, kMaxSeconds));
  if (para.type == ThumbnailType::kDots) {
    TG_TRY_ASSIGN(para.dots_ms, read_dots(*v, "dots", 1000));
  } else if (para.type == ThumbnailType::kDotsMs) {
    TG_TRY_ASSIGN(para.dots_ms, read_dots(*v, "dots_ms", 1));
    if (para.dots_ms.size() != 1) return invalid("thumbnail_para.dots_ms takes exactly one time point");
  }
  TG_TRY(read_text(*v, path, "output_filename", para.output_filename, kMaxFilenameBytes));
  if (!para.output_filename.empty() &&
      (!tasks::is_plain_file_name(para.output_filename) || has_control_chars(para.output_filename) ||
       para.output_filename.find_first_of("{}") != std::string::npos)) {
    return invalid("thumbnail_para.output_filename must be a plain file name (no '/', '\\', '..', braces or control "
                   "characters)");
  }
  int format = 1;
  TG_TRY(read_int(*v, path, "format", format, 1, 1));
  // width (96, 3840], height (96, 2160]; 0 or absent = not set.
  TG_TRY(read_int(*v, path, "width", para.width, 0, 3840));
  if (para.width != 0 && para.width <= 96) return invalid("thumbnail_para.width must be from 97 to 3840");
  TG_TRY(read_int(*v, path, "height", para.height, 0, 2160));
  if (para.height != 0 && para.height <= 96) return invalid("thumbnail_para.height must be from 97 to 2160");
  TG_TRY(read_int(*v, path, "max_length", para.max_length, 240, 3840));
  int amount = 0;
  if (member(*v, "amount")) {
    TG_TRY(read_int(*v, path, "amount", amount, 1, 100));
    para.amount = amount;
  }
  int threshold = 0;
  if (member(*v, "threshold")) {
    TG_TRY(read_int(*v, path, "threshold", threshold, 0, 255));
    para.threshold = threshold;
  }
  return para;
}

bool is_task_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxTaskIdBytes && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
  });
}

tg::Result<std::vector<std::string>, MpcError> task_ids(const ApiRequest& request) {
  std::vector<std::string> ids;
  for (const std::string& value : request.query_values("task_id")) {
    // One task_id=a,b or repeated task_id=a&task_id=b: both name several tasks.
    std::string_view rest = value;
    while (true) {
      const auto comma = rest.find(',');
      std::string_view id = rest.substr(0, comma);
      if (!is_task_id(id)) return invalid("task_id \"" + std::string(id.substr(0, 64)) + "\" is malformed");
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.emplace_back(id);
      if (ids.size() > kMaxTaskIds) {
        return invalid("task_id names more than " + std::to_string(kMaxTaskIds) + " tasks");
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return ids;
}

}  // namespace

bool is_safe_object_key(std::string_view key) {
  if (key.size() > kMaxTextBytes || key.starts_with('/') || has_control_chars(key)) return false;
  if (key.find('\\') != std::string_view::npos || has_dot_dot_segment(key)) return false;
  return true;
}

std::optional<int64_t> parse_mpc_time(std::string_view text) {
  auto seconds = parse_utc_seconds(text, "yyyyMMddHHmmss");
  if (!seconds) return std::nullopt;
  return *seconds * 1000;
}

tg::Result<CreateThumbnailsRequest, MpcError> parse_create(std::string_view body) {
  if (body.size() > kMaxBodyBytes) return invalid("the body is larger than " + std::to_string(kMaxBodyBytes) + " bytes");
  rapidjson::Document doc;
  // Iterative parsing: a deeply nested body cannot exhaust the stack.
  doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc.HasParseError()) {
    return invalid(std::string("the body is not JSON (") + rapidjson::GetParseError_En(doc.GetParseError()) +
                   " at offset " + std::to_string(doc.GetErrorOffset()) + ")");
  }
  if (!doc.IsObject()) return invalid("the body must be a JSON object");
  CreateThumbnailsRequest out;
  TG_TRY_ASSIGN(out.input, read_obs(doc, "input", true));
  TG_TRY_ASSIGN(out.output, read_obs(doc, "output", false));
  TG_TRY(read_text(doc, "", "user_data", out.user_data));
  TG_TRY_ASSIGN(out.para, read_para(doc));
  TG_TRY(read_flag(doc, "tar", true, out.tar));
  TG_TRY(read_flag(doc, "sync", false, out.sync));
  TG_TRY(read_flag(doc, "original_dir", false, out.original_dir));
  if (out.sync && (out.para.type == ThumbnailType::kTime || out.para.dots_ms.size() != 1)) {
    return invalid("sync=1 takes one time point (thumbnail_para.type DOTS or DOTS_MS with one value)");
  }
  if (!out.sync && out.para.type == ThumbnailType::kDotsMs) return invalid("thumbnail_para.type DOTS_MS needs sync=1");
  return out;
}

tg::Result<ListThumbnailsRequest, MpcError> parse_list(const ApiRequest& request) {
  ListThumbnailsRequest out;
  TG_TRY_ASSIGN(out.task_ids, task_ids(request));
  if (auto status = request.query_value("status"); status && !status->empty()) {
    if (*status == "WAITING") {
      out.status = tasks::TaskStatus::kQueued;
    } else if (*status == "PROCESSING") {
      out.status = tasks::TaskStatus::kRunning;
    } else if (*status == "SUCCEEDED") {
      out.status = tasks::TaskStatus::kSucceeded;
    } else if (*status == "FAILED") {
      out.status = tasks::TaskStatus::kFailed;
    } else if (*status == "CANCELED") {
      out.status = tasks::TaskStatus::kCanceled;
    } else {
      return invalid("status must be WAITING, PROCESSING, SUCCEEDED, FAILED or CANCELED");
    }
  }
  for (const char* name : {"start_time", "end_time"}) {
    auto text = request.query_value(name);
    if (!text || text->empty()) continue;
    auto ms = parse_mpc_time(*text);
    if (!ms) return invalid(std::string(name) + " must be yyyymmddhhmmss (UTC)");
    (std::string_view(name) == "start_time" ? out.start_ms : out.end_ms) = *ms;
  }
  if (auto page = request.query_value("page"); page && !page->empty()) {
    auto value = parse_uint32(*page);
    if (!value || *value > 100000) return invalid("page must be an integer from 0 to 100000");
    out.page = static_cast<int>(*value);
  }
  if (auto size = request.query_value("size"); size && !size->empty()) {
    auto value = parse_uint32(*size);
    if (!value || *value < 1 || *value > 10) return invalid("size must be an integer from 1 to 10");
    out.size = static_cast<int>(*value);
  }
  return out;
}

tg::Result<CancelThumbnailsRequest, MpcError> parse_cancel(const ApiRequest& request) {
  const std::vector<std::string> values = request.query_values("task_id");
  if (values.empty() || values.front().empty()) return invalid("task_id is required");
  if (values.size() > 1) return invalid("task_id names one task");
  if (!is_task_id(values.front())) return invalid("task_id is malformed");
  return CancelThumbnailsRequest{values.front()};
}

}  // namespace tg::adapters::huawei_mpc
