#include "adapters/aliyun_ice/ice_config.hpp"

#include <algorithm>

#include "adapters/common/config_fields.hpp"

namespace tg::adapters::aliyun_ice {
namespace {

using namespace config_fields;

bool printable_token(std::string_view text) {
  return !text.empty() && text.size() <= 128 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

tg::Result<Ok, std::string> read_key(const Value& v, const std::string& path, IceAccessKey& key) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"access_key_id", "access_key_secret"}));
  for (const char* required : {"access_key_id", "access_key_secret"}) {
    if (!member(v, required)) return field_error(child(path, required), "is required");
  }
  TG_TRY(read_string(v, path, "access_key_id", key.id));
  if (!printable_token(key.id)) {
    return field_error(child(path, "access_key_id"), "must be 1..128 printable characters without spaces");
  }
  TG_TRY(read_string(v, path, "access_key_secret", key.secret));
  if (key.secret.size() < 16 || has_control_chars(key.secret)) {
    return field_error(child(path, "access_key_secret"), "must be at least 16 characters, no control characters");
  }
  return Ok{};
}

tg::Result<Ok, std::string> read_input_bucket(const Value& v, const std::string& path, OssInputBucket& bucket) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"name", "root"}));
  if (!member(v, "name")) return field_error(child(path, "name"), "is required");
  TG_TRY(read_string(v, path, "name", bucket.name));
  if (!valid_oss_bucket_name(bucket.name)) {
    return field_error(child(path, "name"), "must be an OSS bucket name (3..63 lowercase letters, digits, '-')");
  }
  TG_TRY(read_bucket_root(v, path, "root", bucket.root));
  if (!starts_with_http(bucket.root) && !bucket.root.empty() && bucket.root.front() == '/') {
    return field_error(child(path, "root"), "must be a folder under media_root (relative) or an http(s) URL");
  }
  return Ok{};
}

tg::Result<Ok, std::string> read_output_bucket(const Value& v, const std::string& path, OssOutputBucket& bucket) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"name", "folder"}));
  for (const char* required : {"name", "folder"}) {
    if (!member(v, required)) return field_error(child(path, required), "is required");
  }
  TG_TRY(read_string(v, path, "name", bucket.name));
  if (!valid_oss_bucket_name(bucket.name)) {
    return field_error(child(path, "name"), "must be an OSS bucket name (3..63 lowercase letters, digits, '-')");
  }
  TG_TRY(read_bucket_root(v, path, "folder", bucket.folder));
  if (starts_with_http(bucket.folder)) return field_error(child(path, "folder"), "must be a local folder");
  return Ok{};
}

}  // namespace

bool valid_oss_bucket_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

tg::Result<Ok, std::string> read_aliyun_ice_section(const Value& v, const std::string& path, IceSettings& settings) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"access_keys", "input_buckets", "output_bucket", "templates", "event_url", "region",
                               "requests_per_second"}));
  if (const Value* keys = member(v, "access_keys")) {
    const std::string kpath = child(path, "access_keys");
    if (!keys->IsArray()) return field_error(kpath, "must be an array");
    for (rapidjson::SizeType i = 0; i < keys->Size(); ++i) {
      const std::string ipath = kpath + "[" + std::to_string(i) + "]";
      IceAccessKey key;
      TG_TRY(read_key((*keys)[i], ipath, key));
      if (settings.find_key(key.id)) return field_error(ipath + ".access_key_id", key.id + " is configured twice");
      settings.access_keys.push_back(std::move(key));
    }
  }
  if (const Value* buckets = member(v, "input_buckets")) {
    const std::string bpath = child(path, "input_buckets");
    if (!buckets->IsArray()) return field_error(bpath, "must be an array");
    for (rapidjson::SizeType i = 0; i < buckets->Size(); ++i) {
      const std::string ipath = bpath + "[" + std::to_string(i) + "]";
      OssInputBucket bucket;
      TG_TRY(read_input_bucket((*buckets)[i], ipath, bucket));
      if (settings.find_input_bucket(bucket.name)) {
        return field_error(ipath + ".name", "bucket " + bucket.name + " is configured twice");
      }
      settings.input_buckets.push_back(std::move(bucket));
    }
  }
  if (const Value* output = member(v, "output_bucket")) {
    TG_TRY(read_output_bucket(*output, child(path, "output_bucket"), settings.output_bucket));
  }
  if (const Value* templates = member(v, "templates")) {
    const std::string tpath = child(path, "templates");
    if (!templates->IsObject()) return field_error(tpath, "must be an object of TemplateId -> template");
    TG_TRY(unique_keys(*templates, tpath));
    for (auto it = templates->MemberBegin(); it != templates->MemberEnd(); ++it) {
      const std::string id(it->name.GetString(), it->name.GetStringLength());
      const std::string ipath = child(tpath, id);
      if (!printable_token(id)) return field_error(ipath, "a TemplateId is 1..128 printable characters without spaces");
      auto read = read_snapshot_template(it->value, ipath);
      if (!read) return tg::unexpected(read.error());
      settings.templates[id] = *read;
    }
  }
  TG_TRY(read_string(v, path, "event_url", settings.event_url, true));
  if (!settings.event_url.empty() &&
      (!starts_with_http(settings.event_url) || settings.event_url.find_first_of(" \t\r\n") != std::string::npos)) {
    return field_error(child(path, "event_url"), "must be an http:// or https:// URL");
  }
  TG_TRY(read_string(v, path, "region", settings.region));
  if (!std::all_of(settings.region.begin(), settings.region.end(),
                   [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; })) {
    return field_error(child(path, "region"), "must be a region id such as cn-shanghai");
  }
  TG_TRY(read_int(v, path, "requests_per_second", settings.requests_per_second, 1, 100000));
  return Ok{};
}

}  // namespace tg::adapters::aliyun_ice
