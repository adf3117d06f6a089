#include "adapters/zego/zego_request_parser.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "adapters/common/numbers.hpp"
#include "adapters/huawei_mpc/thumbnail_job.hpp"
#include "core/random_id.hpp"

namespace tg::adapters::zego {
namespace {

constexpr int64_t kMaxSeconds = 10'000'000;  // ~115 days: far past any media, well inside engine limits
constexpr int64_t kMaxIntervalSeconds = 86'400;
constexpr std::size_t kMaxFileIdLength = 1024;
constexpr std::size_t kMaxTaskIdLength = 128;
constexpr const char* kOffsetsName = "ExtTimeOffsetSet[]";

ZegoError param_error(std::string message) { return {ZegoCode::kParam, std::move(message)}; }

tg::Result<std::string, ZegoError> required(const ApiRequest& request, std::string_view name) {
  auto value = request.query_value(name);
  if (!value || value->empty()) {
    return tg::unexpected(param_error("parameter " + std::string(name) + " is missing"));
  }
  return std::move(*value);
}

bool has_control_chars(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

tg::Result<std::vector<int64_t>, ZegoError> parse_offsets(const ApiRequest& request, Vendor vendor,
                                                          std::size_t max_offsets) {
  const std::vector<std::string> values = request.query_values(kOffsetsName);
  if (values.empty()) {
    return tg::unexpected(
        param_error("parameter ExtTimeOffsetSet[] is missing (required when Type=SnapshotByTimeOffset)"));
  }
  if (values.size() > max_offsets) {
    return tg::unexpected(param_error("ExtTimeOffsetSet[] has " + std::to_string(values.size()) +
                                      " time points; at most " + std::to_string(max_offsets) +
                                      " are allowed"));
  }
  std::vector<int64_t> offsets;
  for (const std::string& value : values) {
    auto milli = parse_decimal_milli(value, kMaxSeconds);
    if (!milli) {
      return tg::unexpected(param_error("ExtTimeOffsetSet[] value \"" + value +
                                        "\" is not a number of seconds between 0 and " +
                                        std::to_string(kMaxSeconds) + " (at most 3 decimals)"));
    }
    // Huawei names its files by whole second, so a fraction would make two points share a name.
    if (vendor == Vendor::kHuawei && *milli % 1000 != 0) {
      return tg::unexpected(param_error("ExtTimeOffsetSet[] value \"" + value +
                                        "\" must be a whole number of seconds for Vendor=Huawei"));
    }
    if (std::find(offsets.begin(), offsets.end(), *milli) == offsets.end()) offsets.push_back(*milli);
  }
  return offsets;
}

tg::Result<uint32_t, ZegoError> parse_definition(const ApiRequest& request) {
  auto text = request.query_value("Definition");
  if (!text || text->empty()) {
    return tg::unexpected(param_error("parameter Definition is missing (required when Vendor=Tencent)"));
  }
  auto value = parse_uint32(*text);
  if (!value) {
    return tg::unexpected(param_error("Definition \"" + *text + "\" is not a template id (an unsigned integer)"));
  }
  return *value;
}

tg::Result<int64_t, ZegoError> parse_interval(const ApiRequest& request) {
  auto text = request.query_value("Interval");
  if (!text || text->empty()) {
    return tg::unexpected(param_error("parameter Interval is missing (required when Vendor=Huawei)"));
  }
  auto milli = parse_decimal_milli(*text, kMaxIntervalSeconds);
  if (!milli || *milli % 1000 != 0 || *milli < 1000) {
    return tg::unexpected(param_error("Interval \"" + *text + "\" must be a whole number of seconds from 1 to " +
                                      std::to_string(kMaxIntervalSeconds)));
  }
  return *milli;
}

tasks::SnapshotJob snapshot_at(const std::vector<int64_t>& offsets_ms) {
  tasks::SnapshotJob snapshot;
  for (int64_t ms : offsets_ms) snapshot.times.push_back(tasks::RequestedTime::at_ms(ms));
  return snapshot;
}

}  // namespace

tg::Result<ZegoAction, ZegoError> parse_action(const ApiRequest& request) {
  auto action = request.query_value("Action");
  if (!action || action->empty()) return tg::unexpected(param_error("parameter Action is missing"));
  if (*action == "MediaThumbnails") return ZegoAction::kMediaThumbnails;
  if (*action == "DescribeMediaTask") return ZegoAction::kDescribeMediaTask;
  return tg::unexpected(param_error("Action \"" + *action +
                                    "\" is not supported (MediaThumbnails, DescribeMediaTask)"));
}

const char* snapshot_type_name(SnapshotType type) {
  return type == SnapshotType::kTimeOffset ? "SnapshotByTimeOffset" : "SampleSnapshot";
}

tg::Result<ThumbnailsRequest, ZegoError> parse_thumbnails(const ApiRequest& request, const ZegoApp& app,
                                                          const ZegoSettings& settings) {
  auto vendor_text = required(request, "Vendor");
  if (!vendor_text) return tg::unexpected(vendor_text.error());
  auto file_id = required(request, "FileId");
  if (!file_id) return tg::unexpected(file_id.error());
  auto type_text = required(request, "Type");
  if (!type_text) return tg::unexpected(type_text.error());

  ThumbnailsRequest out;
  auto vendor = parse_vendor_name(*vendor_text);
  if (!vendor) {
    return tg::unexpected(param_error("Vendor \"" + *vendor_text + "\" is not Tencent or Huawei"));
  }
  out.vendor = *vendor;
  if (*type_text == "SnapshotByTimeOffset") {
    out.type = SnapshotType::kTimeOffset;
  } else if (*type_text == "SampleSnapshot") {
    out.type = SnapshotType::kSample;
  } else {
    return tg::unexpected(
        param_error("Type \"" + *type_text + "\" is not SnapshotByTimeOffset or SampleSnapshot"));
  }
  if (file_id->size() > kMaxFileIdLength || has_control_chars(*file_id)) {
    return tg::unexpected(param_error("FileId is malformed (at most " + std::to_string(kMaxFileIdLength) +
                                      " characters, no control characters)"));
  }
  out.file_id = std::move(*file_id);

  if (!app.enabled) {
    return tg::unexpected(ZegoError{ZegoCode::kNotEnabled, "media thumbnails are not enabled for AppId " +
                                                               app.app_id});
  }
  if (!app.allows(out.vendor)) {
    return tg::unexpected(ZegoError{ZegoCode::kVendorNotEnabled,
                                    std::string("Vendor ") + vendor_name(out.vendor) +
                                        " is not enabled for AppId " + app.app_id + " (CDN type mismatch)"});
  }

  if (out.type == SnapshotType::kTimeOffset) {
    auto offsets = parse_offsets(request, out.vendor, settings.max_offsets);
    if (!offsets) return tg::unexpected(offsets.error());
    out.offsets_ms = std::move(*offsets);
  }

  if (out.vendor == Vendor::kTencent) {
    auto definition = parse_definition(request);
    if (!definition) return tg::unexpected(definition.error());
    out.definition = *definition;
    if (out.type == SnapshotType::kTimeOffset) {
      auto it = settings.snapshot_templates.find(*definition);
      if (it == settings.snapshot_templates.end()) {
        return tg::unexpected(ZegoError{ZegoCode::kConfig, "Definition " + std::to_string(*definition) +
                                                               " names no time-point screenshot template"});
      }
      out.snapshot_template = it->second;
    } else {
      auto it = settings.sample_templates.find(*definition);
      if (it == settings.sample_templates.end()) {
        return tg::unexpected(ZegoError{ZegoCode::kConfig, "Definition " + std::to_string(*definition) +
                                                               " names no sampled screenshot template"});
      }
      out.sample_template = it->second;
    }
  } else {
    out.huawei = settings.huawei;
    if (out.type == SnapshotType::kSample) {
      auto interval = parse_interval(request);
      if (!interval) return tg::unexpected(interval.error());
      out.interval_ms = *interval;
    }
  }
  return out;
}

tg::Result<DescribeRequest, ZegoError> parse_describe(const ApiRequest& request) {
  auto task_id = required(request, "TaskId");
  if (!task_id) return tg::unexpected(task_id.error());
  auto vendor_text = required(request, "Vendor");
  if (!vendor_text) return tg::unexpected(vendor_text.error());
  auto vendor = parse_vendor_name(*vendor_text);
  if (!vendor) {
    return tg::unexpected(param_error("Vendor \"" + *vendor_text + "\" is not Tencent or Huawei"));
  }
  const bool well_formed =
      task_id->size() <= kMaxTaskIdLength &&
      std::all_of(task_id->begin(), task_id->end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
      });
  if (!well_formed) {
    return tg::unexpected(param_error("TaskId is malformed (letters, digits, '-' and '_', at most " +
                                      std::to_string(kMaxTaskIdLength) + " characters)"));
  }
  return DescribeRequest{*vendor, std::move(*task_id)};
}

tasks::TaskSpec build_task_spec(const ThumbnailsRequest& request, const ZegoApp& app,
                                std::string resolved_input, const std::string& request_id) {
  tasks::TaskSpec spec;
  spec.app_id = app.app_id;
  spec.api = "zego";
  spec.vendor = vendor_key(request.vendor);
  spec.type = snapshot_type_name(request.type);
  spec.source_id = request.file_id;
  spec.input = std::move(resolved_input);
  spec.callback_url = app.callback_url;

  tasks::Job& job = spec.job;
  if (request.vendor == Vendor::kTencent) {
    const std::string def = std::to_string(request.definition.value_or(0));
    if (request.type == SnapshotType::kTimeOffset) {
      const SnapshotTemplate& t = request.snapshot_template;
      tasks::SnapshotJob snapshot = snapshot_at(request.offsets_ms);
      snapshot.image.width = t.width;
      snapshot.image.height = t.height;
      snapshot.image.fit = t.fit;
      snapshot.image.format = t.format;
      job.params = std::move(snapshot);
      job.name_pattern = "timeOffsetSnapshot_" + def + "_{ms}." + image_extension(t.format);
    } else {
      const SampleTemplate& t = request.sample_template;
      tasks::SampleJob sample;
      sample.request.interval = t.interval;
      sample.request.percent = t.percent;
      sample.request.image.width = t.width;
      sample.request.image.height = t.height;
      sample.request.image.format = t.format;
      job.params = std::move(sample);
      job.name_pattern = "sampleSnapshot_" + def + "_{n}." + image_extension(t.format);
    }
  } else {
    const std::string name = std::string("{s}.") + image_extension(request.huawei.format);
    const engine::ImageOptions image = huawei_mpc::huawei_image(0, 0, request.huawei.max_length, request.huawei.format);
    if (request.type == SnapshotType::kTimeOffset) {
      job.params = huawei_mpc::huawei_dots_job(request.offsets_ms, image);
    } else {
      job.params = huawei_mpc::huawei_interval_job({.interval_ms = request.interval_ms, .image = image});
    }
    job.name_pattern = name;
  }

  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  if (request.definition) {
    writer.Key("Definition");
    writer.Uint(*request.definition);
  }
  if (request.type == SnapshotType::kSample && request.vendor == Vendor::kHuawei) {
    writer.Key("Interval");
    writer.Int64(request.interval_ms / 1000);
  }
  writer.Key("RequestId");
  writer.String(request_id.c_str(), static_cast<rapidjson::SizeType>(request_id.size()));
  writer.EndObject();
  spec.extra = buffer.GetString();
  return spec;
}

std::string new_task_id(Vendor vendor, const ZegoApp& app, int64_t now_ms) {
  if (vendor == Vendor::kTencent) return app.app_id + "-procedurev2-" + tg::time_ordered_hex(16, now_ms);
  return tg::time_ordered_hex(16, now_ms);
}

TaskExtra decode_task_extra(const std::string& extra) {
  TaskExtra out;
  rapidjson::Document doc;
  doc.Parse(extra.c_str(), extra.size());
  if (doc.HasParseError() || !doc.IsObject()) return out;
  if (auto it = doc.FindMember("Definition"); it != doc.MemberEnd() && it->value.IsUint()) {
    out.definition = it->value.GetUint();
  }
  if (auto it = doc.FindMember("RequestId"); it != doc.MemberEnd() && it->value.IsString()) {
    out.request_id.assign(it->value.GetString(), it->value.GetStringLength());
  }
  return out;
}

}  // namespace tg::adapters::zego
