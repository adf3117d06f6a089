#include "adapters/huawei_mpc/mpc_task.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "adapters/huawei_mpc/mpc_json.hpp"
#include "adapters/huawei_mpc/thumbnail_job.hpp"
#include "core/random_id.hpp"

namespace tg::adapters::huawei_mpc {
namespace {

using Writer = JsonWriter;

std::string get(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

ObsObject get_obs(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsObject()) return {};
  return ObsObject{get(it->value, "bucket"), get(it->value, "location"), get(it->value, "object")};
}

// The image names: the time point alone, or appended to output_filename when the task makes several.
std::string name_pattern(const ThumbnailPara& para) {
  const bool several = para.type == ThumbnailType::kTime || para.dots_ms.size() > 1;
  const char* point = para.type == ThumbnailType::kDotsMs ? "{ms}" : "{s}";
  if (para.output_filename.empty()) return std::string(point) + ".jpg";
  if (!several) return para.output_filename + ".jpg";
  return para.output_filename + "_" + point + ".jpg";
}

engine::BlackFilter black_filter(const ThumbnailPara& para) {
  engine::BlackFilter black;
  if (!para.amount && !para.threshold) return black;
  black.pixel_threshold = para.threshold.value_or(32);
  black.max_black_percent = para.amount.value_or(98);
  return black;
}

}  // namespace

std::string output_prefix(const CreateThumbnailsRequest& request, const std::string& task_id) {
  std::string prefix = request.output.object;
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  if (!request.original_dir) prefix += task_id + "/";
  return prefix;
}

tasks::TaskSpec build_task_spec(const CreateThumbnailsRequest& request, const TaskPlacement& placement) {
  const ThumbnailPara& para = request.para;
  tasks::TaskSpec spec;
  spec.app_id = placement.project_id;
  spec.api = kApiName;
  spec.vendor = "huawei";
  spec.type = thumbnail_type_name(para.type);
  spec.source_id = request.input.object;
  spec.input = placement.input_uri;

  const engine::ImageOptions image = huawei_image(para.width, para.height, para.max_length, engine::ImageFormat::kJpeg);
  const engine::BlackFilter black = black_filter(para);
  if (para.type == ThumbnailType::kTime) {
    IntervalSampling sampling{.interval_ms = para.interval_s * 1000,
                              .start_ms = para.start_s * 1000,
                              .count = para.duration_s > 0 ? static_cast<int>(para.duration_s / para.interval_s + 1) : 0,
                              .image = image,
                              .black = black};
    spec.job.params = huawei_interval_job(sampling);
  } else {
    spec.job.params = huawei_dots_job(para.dots_ms, image, black);
  }
  spec.job.name_pattern = name_pattern(para);
  spec.job.output_dir = placement.output_dir;
  std::string archive;
  if (request.tar) {
    archive = (para.output_filename.empty() ? placement.task_id : para.output_filename) + ".tar";
    spec.job.archive_name = archive;
  }

  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  put_obs(w, "input", request.input);
  put_obs(w, "output", ObsObject{request.output.bucket, request.output.location, placement.output_object});
  put(w, "user_data", request.user_data);
  put(w, "archive_name", archive);
  w.EndObject();
  spec.extra.assign(buffer.GetString(), buffer.GetSize());
  return spec;
}

TaskExtra decode_task_extra(const std::string& extra) {
  TaskExtra out;
  rapidjson::Document doc;
  doc.Parse(extra.c_str(), extra.size());
  if (doc.HasParseError() || !doc.IsObject()) return out;
  out.input = get_obs(doc, "input");
  out.output = get_obs(doc, "output");
  out.user_data = get(doc, "user_data");
  out.archive_name = get(doc, "archive_name");
  return out;
}

std::string new_task_id() {
  const std::string hex = random_hex(8);
  uint64_t value = std::stoull(hex, nullptr, 16);
  std::string digits = std::to_string(value % 900'000'000'000'000'000ULL + 100'000'000'000'000'000ULL);
  return digits;
}

const char* thumbnail_type_name(ThumbnailType type) {
  switch (type) {
    case ThumbnailType::kTime: return "TIME";
    case ThumbnailType::kDots: return "DOTS";
    case ThumbnailType::kDotsMs: return "DOTS_MS";
  }
  return "TIME";
}

}  // namespace tg::adapters::huawei_mpc
