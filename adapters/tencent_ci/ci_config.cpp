#include "adapters/tencent_ci/ci_config.hpp"

#include <algorithm>
#include <cctype>

#include "adapters/common/bucket_object.hpp"
#include "adapters/common/config_fields.hpp"

namespace tg::adapters::tencent_ci {
namespace {

namespace ci = adapters::tencent_ci;
using namespace config_fields;

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// "<name>-<APPID>": lowercase letters, digits and '-', ending in '-' and the APPID digits.
bool valid_bucket_name(const std::string& name) {
  auto dash = name.rfind('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == name.size() || name.size() > 63) return false;
  if (!std::all_of(name.begin() + dash + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  if (name.front() == '-') return false;
  return std::all_of(name.begin(), name.begin() + dash, [](char c) { return is_lower_alnum(c) || c == '-'; });
}

bool valid_region(const std::string& region) {
  return !region.empty() && region.front() != '-' && region.back() != '-' &&
         std::all_of(region.begin(), region.end(), [](char c) { return is_lower_alnum(c) || c == '-'; });
}

// A host name of dot-separated labels of lowercase letters, digits and '-'.
bool valid_domain(const std::string& domain) {
  if (domain.empty() || domain.size() > 253 || domain.front() == '.' || domain.back() == '.') return false;
  if (domain.find("..") != std::string::npos) return false;
  return std::all_of(domain.begin(), domain.end(), [](char c) { return is_lower_alnum(c) || c == '-' || c == '.'; });
}

tg::Result<Ok, std::string> read_bucket(const Value& v, const std::string& path, ci::CiBucket& bucket) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"name", "region", "root", "acl", "domains"}));
  for (const char* required : {"name", "region", "root"}) {
    if (!member(v, required)) return field_error(child(path, required), "is required");
  }
  TG_TRY(read_string(v, path, "name", bucket.name));
  if (!valid_bucket_name(bucket.name)) {
    return field_error(child(path, "name"), "must be BucketName-APPID (lowercase letters, digits, '-')");
  }
  TG_TRY(read_string(v, path, "region", bucket.region));
  if (!valid_region(bucket.region)) {
    return field_error(child(path, "region"), "must be a region such as ap-beijing");
  }
  TG_TRY(read_bucket_root(v, path, "root", bucket.root));
  if (const Value* acl = member(v, "acl")) {
    if (acl->IsString() && std::string_view(acl->GetString()) == "private") {
      bucket.acl = ci::BucketAcl::kPrivate;
    } else if (acl->IsString() && std::string_view(acl->GetString()) == "public-read") {
      bucket.acl = ci::BucketAcl::kPublicRead;
    } else {
      return field_error(child(path, "acl"), "must be \"private\" or \"public-read\"");
    }
  }
  if (const Value* domains = member(v, "domains")) {
    const std::string dpath = child(path, "domains");
    if (!domains->IsArray()) return field_error(dpath, "must be an array of host names");
    for (rapidjson::SizeType i = 0; i < domains->Size(); ++i) {
      const std::string ipath = dpath + "[" + std::to_string(i) + "]";
      const Value& d = (*domains)[i];
      std::string domain = d.IsString() ? std::string(d.GetString(), d.GetStringLength()) : std::string();
      std::transform(domain.begin(), domain.end(), domain.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (!valid_domain(domain)) return field_error(ipath, "must be a host name without port, e.g. img.example.com");
      if (std::find(bucket.domains.begin(), bucket.domains.end(), domain) != bucket.domains.end()) {
        return field_error(ipath, "is listed twice");
      }
      bucket.domains.push_back(std::move(domain));
    }
  }
  return Ok{};
}

tg::Result<Ok, std::string> read_credential(const Value& v, const std::string& path, const ci::CiSettings& settings,
                                            ci::CiCredential& credential) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"secret_id", "secret_key", "buckets"}));
  for (const char* required : {"secret_id", "secret_key"}) {
    if (!member(v, required)) return field_error(child(path, required), "is required");
  }
  TG_TRY(read_string(v, path, "secret_id", credential.secret_id));
  if (has_control_chars(credential.secret_id) || credential.secret_id.find_first_of(" &=;") != std::string::npos) {
    return field_error(child(path, "secret_id"), "must not contain spaces, control characters, '&', '=' or ';'");
  }
  TG_TRY(read_string(v, path, "secret_key", credential.secret_key));
  if (credential.secret_key.size() < 16) {
    return field_error(child(path, "secret_key"), "must be at least 16 characters");
  }
  if (const Value* buckets = member(v, "buckets")) {
    const std::string bpath = child(path, "buckets");
    if (!buckets->IsArray()) return field_error(bpath, "must be an array of bucket names");
    for (rapidjson::SizeType i = 0; i < buckets->Size(); ++i) {
      const std::string ipath = bpath + "[" + std::to_string(i) + "]";
      const Value& b = (*buckets)[i];
      if (!b.IsString() || !settings.find_bucket(b.GetString())) {
        return field_error(ipath, "must name a bucket configured in cos.buckets");
      }
      credential.buckets.emplace_back(b.GetString(), b.GetStringLength());
    }
  }
  return Ok{};
}

}  // namespace

tg::Result<Ok, std::string> read_cos_section(const Value& v, const std::string& path, ci::CiSettings& settings) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"buckets", "credentials", "engine_threads", "max_inflight", "result_cache_bytes",
                               "hot_inputs", "hot_input_bytes", "deadline_ms"}));
  if (const Value* buckets = member(v, "buckets")) {
    const std::string bpath = child(path, "buckets");
    if (!buckets->IsArray()) return field_error(bpath, "must be an array");
    for (rapidjson::SizeType i = 0; i < buckets->Size(); ++i) {
      const std::string ipath = bpath + "[" + std::to_string(i) + "]";
      ci::CiBucket bucket;
      TG_TRY(read_bucket((*buckets)[i], ipath, bucket));
      if (settings.find_bucket(bucket.name)) {
        return field_error(ipath + ".name", "bucket " + bucket.name + " is configured twice");
      }
      for (const auto& domain : bucket.domains) {
        for (const auto& other : settings.buckets) {
          if (std::find(other.domains.begin(), other.domains.end(), domain) != other.domains.end()) {
            return field_error(ipath + ".domains", domain + " is already bound to " + other.name);
          }
        }
      }
      settings.buckets.push_back(std::move(bucket));
    }
  }
  if (const Value* credentials = member(v, "credentials")) {
    const std::string cpath = child(path, "credentials");
    if (!credentials->IsArray()) return field_error(cpath, "must be an array");
    for (rapidjson::SizeType i = 0; i < credentials->Size(); ++i) {
      const std::string ipath = cpath + "[" + std::to_string(i) + "]";
      ci::CiCredential credential;
      TG_TRY(read_credential((*credentials)[i], ipath, settings, credential));
      if (settings.find_credential(credential.secret_id)) {
        return field_error(ipath + ".secret_id", "SecretId " + credential.secret_id + " is configured twice");
      }
      settings.credentials.push_back(std::move(credential));
    }
  }
  TG_TRY(read_int(v, path, "engine_threads", settings.engine_threads, 1, 64));
  TG_TRY(read_int(v, path, "max_inflight", settings.max_inflight, 1, 100000));
  TG_TRY(read_int(v, path, "result_cache_bytes", settings.result_cache_bytes, 0, int64_t{1} << 40));
  TG_TRY(read_int(v, path, "hot_inputs", settings.hot_inputs, 0, 1024));
  TG_TRY(read_int(v, path, "hot_input_bytes", settings.hot_input_bytes, 0, int64_t{1} << 40));
  TG_TRY(read_int(v, path, "deadline_ms", settings.deadline_ms, 100, 600000));
  return Ok{};
}

}  // namespace tg::adapters::tencent_ci
