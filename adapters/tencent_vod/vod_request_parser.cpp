#include "adapters/tencent_vod/vod_request_parser.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <map>

#include "adapters/tencent_vod/vod_authenticator.hpp"
#include "adapters/common/numbers.hpp"
#include "core/random_id.hpp"

namespace tg::adapters::tencent_vod {
namespace {

constexpr std::size_t kMaxFileIdLength = 1024;
constexpr std::size_t kMaxTaskIdLength = 128;
constexpr int64_t kMaxOffsetMs = 10'000'000'000;  // ~115 days: far past any media
constexpr std::string_view kOffsetPrefix = "timeOffset.";

tg::Result<std::string, VodError> required(const signing::Params& params, const char* name) {
  const std::string* value = find_param(params, name);
  if (value == nullptr || value->empty()) {
    return tg::unexpected(invalid_parameter(std::string("parameter ") + name + " is missing"));
  }
  return *value;
}

bool has_control_chars(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

tg::Result<std::string, VodError> parse_file_id(const signing::Params& params) {
  auto file_id = required(params, "fileId");
  if (!file_id) return file_id;
  if (file_id->size() > kMaxFileIdLength || has_control_chars(*file_id)) {
    return tg::unexpected(invalid_parameter("fileId is malformed (at most " + std::to_string(kMaxFileIdLength) +
                                            " characters, no control characters)"));
  }
  return file_id;
}

tg::Result<uint32_t, VodError> parse_definition(const signing::Params& params) {
  auto text = required(params, "definition");
  if (!text) return tg::unexpected(text.error());
  auto value = all_digits(*text) ? parse_uint32(*text) : std::nullopt;
  if (!value) {
    return tg::unexpected(invalid_parameter("definition \"" + *text + "\" is not a template id (an unsigned integer)"));
  }
  return *value;
}

tg::Result<std::vector<int64_t>, VodError> parse_offsets(const signing::Params& params, std::size_t max_offsets) {
  std::map<uint64_t, int64_t> by_index;
  for (const auto& [name, value] : params) {
    if (name.compare(0, kOffsetPrefix.size(), kOffsetPrefix) != 0) continue;
    const std::string index_text = name.substr(kOffsetPrefix.size());
    auto index = all_digits(index_text) && index_text.size() <= 9 ? parse_uint32(index_text) : std::nullopt;
    if (!index) {
      return tg::unexpected(invalid_parameter("parameter " + name + " is not timeOffset.N with N a 0-based index"));
    }
    auto ms = all_digits(value) && value.size() <= 12 ? parse_int64(value) : std::nullopt;
    if (!ms || *ms > kMaxOffsetMs) {
      return tg::unexpected(invalid_parameter(name + " \"" + value + "\" is not a number of milliseconds from 0 to " +
                                              std::to_string(kMaxOffsetMs)));
    }
    by_index[*index] = *ms;
  }
  if (by_index.empty()) return tg::unexpected(invalid_parameter("parameter timeOffset.0 is missing"));
  if (by_index.size() > max_offsets) {
    return tg::unexpected(invalid_parameter("timeOffset.N has " + std::to_string(by_index.size()) +
                                            " time points; at most " + std::to_string(max_offsets) + " are allowed"));
  }
  std::vector<int64_t> offsets;
  for (const auto& [index, ms] : by_index) {
    // Images are named by time, so a repeated time is made once.
    if (std::find(offsets.begin(), offsets.end(), ms) == offsets.end()) offsets.push_back(ms);
  }
  return offsets;
}

tasks::TaskSpec base_spec(VodAction action, const std::string& file_id, uint32_t definition, const VodSecret& secret,
                          std::string resolved_input, const VodSettings& settings) {
  tasks::TaskSpec spec;
  spec.app_id = secret.secret_id;
  spec.api = "tencent_vod";
  spec.vendor = "tencent";
  spec.type = action_name(action);
  spec.source_id = file_id;
  spec.input = std::move(resolved_input);
  spec.callback_url = settings.event_url;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("definition");
  writer.Uint(definition);
  writer.EndObject();
  spec.extra.assign(buffer.GetString(), buffer.GetSize());
  return spec;
}

}  // namespace

const char* action_name(VodAction action) {
  switch (action) {
    case VodAction::kCreateImageSprite: return "CreateImageSprite";
    case VodAction::kCreateSnapshotByTimeOffset: return "CreateSnapshotByTimeOffset";
    case VodAction::kGetTaskInfo: return "GetTaskInfo";
  }
  return "";
}

tg::Result<VodAction, VodError> parse_action(const signing::Params& params) {
  const std::string* action = find_param(params, "Action");
  if (action == nullptr || action->empty())
    return tg::unexpected(invalid_request("common parameter Action is missing"));
  for (VodAction a : {VodAction::kCreateImageSprite, VodAction::kCreateSnapshotByTimeOffset, VodAction::kGetTaskInfo}) {
    if (*action == action_name(a)) return a;
  }
  return tg::unexpected(invalid_request("Action \"" + *action +
                                        "\" is not supported (CreateImageSprite, CreateSnapshotByTimeOffset, "
                                        "GetTaskInfo)"));
}

tg::Result<SpriteSubmission, VodError> parse_create_image_sprite(const signing::Params& params,
                                                                 const VodSettings& settings) {
  auto file_id = parse_file_id(params);
  if (!file_id) return tg::unexpected(file_id.error());
  auto definition = parse_definition(params);
  if (!definition) return tg::unexpected(definition.error());
  auto it = settings.sprite_templates.find(*definition);
  if (it == settings.sprite_templates.end()) {
    return tg::unexpected(
        invalid_parameter("definition " + std::to_string(*definition) + " names no image sprite template"));
  }
  return SpriteSubmission{std::move(*file_id), *definition, it->second};
}

tg::Result<SnapshotSubmission, VodError> parse_create_snapshot(const signing::Params& params,
                                                               const VodSettings& settings) {
  auto file_id = parse_file_id(params);
  if (!file_id) return tg::unexpected(file_id.error());
  auto definition = parse_definition(params);
  if (!definition) return tg::unexpected(definition.error());
  auto it = settings.snapshot_templates.find(*definition);
  if (it == settings.snapshot_templates.end()) {
    return tg::unexpected(
        invalid_parameter("definition " + std::to_string(*definition) + " names no time-point screenshot template"));
  }
  auto offsets = parse_offsets(params, settings.max_offsets);
  if (!offsets) return tg::unexpected(offsets.error());
  return SnapshotSubmission{std::move(*file_id), *definition, it->second, std::move(*offsets)};
}

tg::Result<std::string, VodError> parse_get_task_info(const signing::Params& params) {
  auto task_id = required(params, "vodTaskId");
  if (!task_id) return task_id;
  const bool well_formed =
      task_id->size() <= kMaxTaskIdLength && std::all_of(task_id->begin(), task_id->end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
      });
  if (!well_formed) {
    return tg::unexpected(invalid_parameter("vodTaskId is malformed (letters, digits, '-' and '_', at most " +
                                            std::to_string(kMaxTaskIdLength) + " characters)"));
  }
  return task_id;
}

tasks::TaskSpec build_sprite_spec(const SpriteSubmission& submission, const VodSecret& secret,
                                  std::string resolved_input, const VodSettings& settings) {
  tasks::TaskSpec spec = base_spec(VodAction::kCreateImageSprite, submission.file_id, submission.definition, secret,
                                   std::move(resolved_input), settings);
  const SpriteTemplate& t = submission.sprite;
  tasks::Job& job = spec.job;
  tasks::SpriteJob sprite;
  sprite.request.sampling.interval = t.interval_s;
  sprite.request.sampling.percent = false;
  sprite.request.columns = t.columns;
  sprite.request.rows = t.rows;
  sprite.request.cell_width = t.cell_width;
  sprite.request.cell_height = t.cell_height;
  sprite.request.color = t.color;
  sprite.request.format = t.format;
  const std::string def = std::to_string(submission.definition);
  job.name_pattern = "imageSprite_" + def + "_{n}." + zego::image_extension(t.format);
  sprite.vtt_name = "imageSprite_" + def + ".vtt";
  job.params = std::move(sprite);
  return spec;
}

tasks::TaskSpec build_snapshot_spec(const SnapshotSubmission& submission, const VodSecret& secret,
                                    std::string resolved_input, const VodSettings& settings) {
  tasks::TaskSpec spec = base_spec(VodAction::kCreateSnapshotByTimeOffset, submission.file_id, submission.definition,
                                   secret, std::move(resolved_input), settings);
  const SnapshotTemplate& t = submission.snapshot;
  tasks::Job& job = spec.job;
  tasks::SnapshotJob snapshot;
  for (int64_t ms : submission.offsets_ms) snapshot.times.push_back(tasks::RequestedTime::at_ms(ms));
  snapshot.image.width = t.width;
  snapshot.image.height = t.height;
  snapshot.image.fit = t.fit;
  snapshot.image.format = t.format;
  job.params = std::move(snapshot);
  job.name_pattern =
      "timeOffsetSnapshot_" + std::to_string(submission.definition) + "_{ms}." + zego::image_extension(t.format);
  return spec;
}

std::string new_task_id(VodAction action, int64_t now_ms) {
  return std::string(action_name(action)) + "-" + time_ordered_hex(16, now_ms);
}

}  // namespace tg::adapters::tencent_vod
