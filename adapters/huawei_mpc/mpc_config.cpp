#include "adapters/huawei_mpc/mpc_config.hpp"

#include <algorithm>

#include "adapters/common/bucket_object.hpp"
#include "adapters/common/config_fields.hpp"

namespace tg::adapters::huawei_mpc {
namespace {

using namespace config_fields;

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

tg::Result<Ok, std::string> read_credential(const Value& v, const std::string& path, MpcCredential& credential) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"access_key", "secret_key", "project_id"}));
  for (const char* required : {"access_key", "secret_key", "project_id"}) {
    if (!member(v, required)) return field_error(child(path, required), "is required");
  }
  TG_TRY(read_string(v, path, "access_key", credential.access_key));
  if (credential.access_key.size() > 128 || has_control_chars(credential.access_key) ||
      credential.access_key.find_first_of(" ,=;") != std::string::npos) {
    return field_error(child(path, "access_key"),
                       "must be at most 128 characters without spaces, control characters, ',', '=' or ';'");
  }
  TG_TRY(read_string(v, path, "secret_key", credential.secret_key));
  if (credential.secret_key.size() < 16) return field_error(child(path, "secret_key"), "must be at least 16 characters");
  TG_TRY(read_string(v, path, "project_id", credential.project_id));
  if (!valid_project_id(credential.project_id)) {
    return field_error(child(path, "project_id"), "must be 1..64 letters, digits, '-' or '_'");
  }
  return Ok{};
}

// {"name": ..., "root": ...}; output buckets must be local folders.
template <class Bucket>
tg::Result<Ok, std::string> read_bucket(const Value& v, const std::string& path, bool output, Bucket& bucket) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"name", "root"}));
  for (const char* required : {"name", "root"}) {
    if (!member(v, required)) return field_error(child(path, required), "is required");
  }
  TG_TRY(read_string(v, path, "name", bucket.name));
  if (!valid_obs_bucket_name(bucket.name)) {
    return field_error(child(path, "name"),
                       "must be an OBS bucket name (3..63 lowercase letters, digits, '-' and '.')");
  }
  TG_TRY(read_bucket_root(v, path, "root", bucket.root));
  if (output && starts_with_http(bucket.root)) {
    return field_error(child(path, "root"), "must be a local folder (outputs are written there)");
  }
  // Inputs are opened by the workers, confined to media_root: a folder bucket lies under it.
  if (!output && !starts_with_http(bucket.root) && bucket.root.front() == '/') {
    return field_error(child(path, "root"), "must be a folder relative to media_root, or an http(s) origin");
  }
  return Ok{};
}

template <class Bucket, class Find>
tg::Result<Ok, std::string> read_buckets(const Value& v, const std::string& path, const char* name, bool output,
                                         std::vector<Bucket>& out, Find find) {
  const Value* list = member(v, name);
  if (!list) return Ok{};
  const std::string lpath = child(path, name);
  if (!list->IsArray()) return field_error(lpath, "must be an array");
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const std::string ipath = lpath + "[" + std::to_string(i) + "]";
    Bucket bucket;
    TG_TRY(read_bucket((*list)[i], ipath, output, bucket));
    if (find(bucket.name)) return field_error(ipath + ".name", "bucket " + bucket.name + " is configured twice");
    out.push_back(std::move(bucket));
  }
  return Ok{};
}

}  // namespace

bool valid_obs_bucket_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  if (!is_lower_alnum(name.front()) || !is_lower_alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_lower_alnum(c) || c == '-' || c == '.'; });
}

bool valid_project_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

tg::Result<Ok, std::string> read_mpc_section(const Value& v, const std::string& path, const AddressPolicy& policy,
                                             MpcSettings& settings) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"credentials", "input_buckets", "output_buckets", "requests_per_second",
                               "date_window_s", "sync_timeout_ms"}));
  if (const Value* credentials = member(v, "credentials")) {
    const std::string cpath = child(path, "credentials");
    if (!credentials->IsArray()) return field_error(cpath, "must be an array");
    for (rapidjson::SizeType i = 0; i < credentials->Size(); ++i) {
      const std::string ipath = cpath + "[" + std::to_string(i) + "]";
      MpcCredential credential;
      TG_TRY(read_credential((*credentials)[i], ipath, credential));
      if (settings.find_credential(credential.access_key)) {
        return field_error(ipath + ".access_key", "AK " + credential.access_key + " is configured twice");
      }
      settings.credentials.push_back(std::move(credential));
    }
  }
  TG_TRY(read_buckets(v, path, "input_buckets", false, settings.input_buckets,
                      [&](const std::string& name) { return settings.find_input_bucket(name) != nullptr; }));
  TG_TRY(read_buckets(v, path, "output_buckets", true, settings.output_buckets,
                      [&](const std::string& name) { return settings.find_output_bucket(name) != nullptr; }));
  for (std::size_t i = 0; i < settings.input_buckets.size(); ++i) {
    const std::string& root = settings.input_buckets[i].root;
    if (!starts_with_http(root)) continue;
    if (auto allowed = check_outbound_url(root, policy); !allowed) {
      return field_error(child(path, "input_buckets") + "[" + std::to_string(i) + "].root", allowed.error());
    }
  }
  TG_TRY(read_int(v, path, "requests_per_second", settings.requests_per_second, 1, 100000));
  TG_TRY(read_int(v, path, "date_window_s", settings.date_window_s, 1, 86400));
  TG_TRY(read_int(v, path, "sync_timeout_ms", settings.sync_timeout_ms, 1000, 600000));
  return Ok{};
}

}  // namespace tg::adapters::huawei_mpc
