#include "cli/sign_command.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <set>

#include "adapters/aliyun_ice/ice_front_door.hpp"
#include "adapters/aliyun_ice/ice_settings.hpp"
#include "adapters/huawei_mpc/mpc_settings.hpp"
#include "adapters/tencent_ci/bucket_router.hpp"
#include "adapters/tencent_ci/ci_settings.hpp"
#include "adapters/tencent_vod/vod_settings.hpp"
#include "adapters/zego/demo_app.hpp"
#include "adapters/zego/zego_settings.hpp"
#include "cli/curl_command.hpp"
#include "core/random_id.hpp"
#include "signing/percent_encoding.hpp"
#include "signing/signed_query.hpp"

namespace tg::cli {
namespace {

// Pulls "--flag VALUE" out of args; false on a dangling flag.
bool take(std::vector<std::string>& args, const std::string& flag, std::string& value) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] != flag) continue;
    if (i + 1 >= args.size()) return false;
    value = args[i + 1];
    args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
    return true;
  }
  return true;
}

// "NAME=VALUE" arguments appended to `params`; false on one without '=' or with an empty name.
bool name_values(const std::vector<std::string>& args, signing::Params& params, std::ostream& err) {
  for (const std::string& arg : args) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "thumbgate sign: expected NAME=VALUE, got '" << arg << "'\n";
      return false;
    }
    params.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
  }
  return true;
}

// "NAME=VALUE" arguments as parameters, after Action; false on one without '='.
bool to_params(const std::string& action, const std::vector<std::string>& args, signing::Params& params,
               std::ostream& err) {
  params.emplace_back("Action", action);
  return name_values(args, params, err);
}

// False (and a message) when one of `params` is named in `reserved`, or starts with `reserved_prefix`
// when that is not empty: names the signature sets itself.
bool none_reserved(const signing::Params& params, const std::set<std::string, std::less<>>& reserved,
                   std::string_view reserved_prefix, std::ostream& err) {
  for (const auto& [name, value] : params) {
    if (reserved.count(name) != 0 || (!reserved_prefix.empty() && name.starts_with(reserved_prefix))) {
      err << "thumbgate sign: " << name << " is set by the signature, not by an argument\n";
      return false;
    }
  }
  return true;
}

bool has_param(const signing::Params& params, std::string_view name) {
  return std::any_of(params.begin(), params.end(), [&](const signing::Param& p) { return p.first == name; });
}

// The settings of vendor `name` as T, or nullptr when the config has none.
template <typename T>
const T* vendor_settings(const SignContext& context, std::string_view name) {
  auto found = context.vendors.find(name);
  return found == context.vendors.end() ? nullptr : std::any_cast<T>(&found->second);
}

// host[:port] of an http(s) URL.
std::string host_of(const std::string& url) {
  std::string rest = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  return rest.substr(0, rest.find('/'));
}

// The Host header a client such as curl sends for `url`: host_of without the scheme's default port.
std::string host_header_of(const std::string& url) {
  std::string host = host_of(url);
  const std::string_view default_port = url.starts_with("https://") ? ":443" : ":80";
  if (host.ends_with(default_port) && host.find(']') == std::string::npos &&
      host.find(':') == host.size() - default_port.size()) {
    host.resize(host.size() - default_port.size());
  }
  return host;
}

// A decoded object key's URL path: '/' and each segment percent-encoded.
std::string key_path(const std::string& key) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = key.find('/', start);
    out += "/" + signing::percent_encode(key.substr(start, slash == std::string::npos ? slash : slash - start));
    if (slash == std::string::npos) return out;
    start = slash + 1;
  }
}

constexpr int64_t kCosValidity_s = 600;  // the COS signature's key time window

uint64_t random_nonce() { return std::stoull(random_hex(4), nullptr, 16) + 1; }

int sign_zego(const SignContext& context, std::vector<std::string> args, std::ostream& out, std::ostream& err) {
  std::string app_id;
  if (!take(args, "--app", app_id) || args.empty()) {
    err << kSignUsage;
    return 2;
  }
  const std::string action = args.front();
  if (action != "MediaThumbnails" && action != "DescribeMediaTask") {
    err << "thumbgate sign zego: the actions are MediaThumbnails and DescribeMediaTask\n";
    return 2;
  }
  signing::Params params;
  if (!to_params(action, {args.begin() + 1, args.end()}, params, err)) return 2;
  auto found = context.vendors.find("zego");
  if (found == context.vendors.end()) {
    err << "thumbgate sign: no ZEGO settings\n";
    return 1;
  }
  const auto& settings = std::any_cast<const adapters::zego::ZegoSettings&>(found->second);
  std::string secret;
  if (settings.apps.empty()) {
    // As the server does: without configured apps the demo app (kept in data_dir) is the one.
    auto demo = adapters::zego::load_or_create_demo_app(context.data_dir);
    if (!demo) {
      err << "thumbgate sign: " << demo.error() << "\n";
      return 1;
    }
    if (!app_id.empty() && app_id != demo->app_id) {
      err << "thumbgate sign: no app " << app_id << " in the config\n";
      return 1;
    }
    app_id = demo->app_id;
    secret = demo->server_secret;
  } else {
    const adapters::zego::ZegoApp* app = app_id.empty() ? &settings.apps.front() : settings.find_app(app_id);
    if (app == nullptr) {
      err << "thumbgate sign: no app " << app_id << " in the config\n";
      return 1;
    }
    app_id = app->app_id;
    secret = app->server_secret;
  }
  out << context.base_url << "/?"
      << signing::zego_signed_query(params, app_id, secret, random_hex(8), context.now_s) << "\n";
  return 0;
}

int sign_vod(const SignContext& context, std::vector<std::string> args, std::ostream& out, std::ostream& err) {
  std::string secret_id;
  if (!take(args, "--secret-id", secret_id) || args.empty()) {
    err << kSignUsage;
    return 2;
  }
  signing::Params params;
  if (!to_params(args.front(), {args.begin() + 1, args.end()}, params, err)) return 2;
  auto found = context.vendors.find("tencent_vod");
  const auto* settings =
      found == context.vendors.end() ? nullptr : std::any_cast<adapters::tencent_vod::VodSettings>(&found->second);
  if (settings == nullptr || settings->secrets.empty()) {
    err << "thumbgate sign: no tencent_vod secrets in the config\n";
    return 1;
  }
  const adapters::tencent_vod::VodSecret* key =
      secret_id.empty() ? &settings->secrets.front() : settings->find_secret(secret_id);
  if (key == nullptr) {
    err << "thumbgate sign: no SecretId " << secret_id << " in the config\n";
    return 1;
  }
  constexpr std::string_view kPath = "/v2/index.php";
  const std::string host = settings->host.empty() ? host_of(context.base_url) : settings->host;
  out << context.base_url << kPath << "?"
      << signing::tencent_v2_signed_query(std::move(params), host, kPath, key->secret_id, key->secret_key,
                                          random_nonce(), context.now_s)
      << "\n";
  return 0;
}

int sign_cos(const SignContext& context, std::vector<std::string> args, std::ostream& out, std::ostream& err) {
  std::string secret_id;
  if (!take(args, "--secret-id", secret_id) || args.size() < 2) {
    err << kSignUsage;
    return 2;
  }
  const std::string bucket_name = args[0];
  // "/folder/clip.mp4" and "folder/clip.mp4" name one object, as in the COS SDKs' Key.
  const std::string key = args[1].substr(std::min(args[1].find_first_not_of('/'), args[1].size()));
  if (key.empty() || key.find('\0') != std::string::npos) {
    err << "thumbgate sign tencent_ci: KEY must be an object key, e.g. folder/clip.mp4\n";
    return 2;
  }
  signing::Params params{{"ci-process", "snapshot"}};
  if (!name_values({args.begin() + 2, args.end()}, params, err)) return 2;
  if (!none_reserved({params.begin() + 1, params.end()}, {"ci-process"}, "q-", err)) return 2;
  const auto* settings = vendor_settings<adapters::tencent_ci::CiSettings>(context, "tencent_ci");
  const adapters::tencent_ci::CiBucket* bucket = settings ? settings->find_bucket(bucket_name) : nullptr;
  if (bucket == nullptr) {
    err << "thumbgate sign: no COS bucket " << bucket_name << " in the config\n";
    return 1;
  }
  const adapters::tencent_ci::CiCredential* credential = nullptr;
  if (!secret_id.empty()) {
    credential = settings->find_credential(secret_id);
    if (credential == nullptr) {
      err << "thumbgate sign: no COS SecretId " << secret_id << " in the config\n";
      return 1;
    }
  } else {
    for (const auto& candidate : settings->credentials) {
      if (candidate.may_read(bucket->name)) {
        credential = &candidate;
        break;
      }
    }
  }
  if (credential == nullptr || !credential->may_read(bucket->name)) {
    err << "thumbgate sign: no COS credential in the config may read " << bucket->name << "\n";
    return 1;
  }
  // The COS front door finds a bucket by its host only: the gateway's own host when it is one of the
  // bucket's, else the bucket's virtual-hosted name sent as the Host header.
  const std::string own_host = host_header_of(context.base_url);
  const auto route = adapters::tencent_ci::route_host(*settings, adapters::tencent_ci::normalize_host(own_host));
  const bool routed_by_url = route.kind == adapters::tencent_ci::BucketRoute::Kind::kBucket && route.bucket == bucket;
  const std::string host = routed_by_url ? own_host : bucket->name + ".cos." + bucket->region + ".myqcloud.com";
  const std::string path = "/" + key;
  const std::string url = context.base_url + key_path(key) + "?" +
                          signing::cos_signed_query(params, "get", path, host, credential->secret_id,
                                                    credential->secret_key, context.now_s,
                                                    context.now_s + kCosValidity_s);
  if (routed_by_url) {
    out << url << "\n";
    return 0;
  }
  std::string format = "jpg";
  for (const auto& [name, value] : params) {
    if (name == "format" && value == "png") format = "png";
  }
  out << curl_command({.method = "GET", .url = url, .headers = {"Host: " + host}, .body = "",
                       .output_file = "snapshot." + format})
      << "\n";
  return 0;
}

int sign_ice(const SignContext& context, std::vector<std::string> args, std::ostream& out, std::ostream& err) {
  std::string key_id;
  if (!take(args, "--access-key-id", key_id) || args.empty()) {
    err << kSignUsage;
    return 2;
  }
  const std::string action = args.front();
  if (!adapters::aliyun_ice::is_ice_action(action)) {
    err << "thumbgate sign aliyun_ice: the actions are SubmitSnapshotJob, GetSnapshotJob, GetSnapshotUrls and "
           "ListSnapshotJobs\n";
    return 2;
  }
  signing::Params given;
  if (!name_values({args.begin() + 1, args.end()}, given, err)) return 2;
  if (!none_reserved(given,
                     {"Action", "AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "SignatureVersion",
                      "Timestamp"},
                     "", err)) {
    return 2;
  }
  const auto* settings = vendor_settings<adapters::aliyun_ice::IceSettings>(context, "aliyun_ice");
  if (settings == nullptr || settings->access_keys.empty()) {
    err << "thumbgate sign: no aliyun_ice access keys in the config\n";
    return 1;
  }
  const adapters::aliyun_ice::IceAccessKey* key =
      key_id.empty() ? &settings->access_keys.front() : settings->find_key(key_id);
  if (key == nullptr) {
    err << "thumbgate sign: no AccessKeyId " << key_id << " in the config\n";
    return 1;
  }
  signing::Params params{{"Action", action}};
  if (!has_param(given, "Version")) params.emplace_back("Version", std::string(adapters::aliyun_ice::kIceVersion));
  if (!has_param(given, "Format")) params.emplace_back("Format", "JSON");
  params.insert(params.end(), given.begin(), given.end());
  out << context.base_url << "/?"
      << signing::aliyun_rpc_signed_query(std::move(params), "GET", key->id, key->secret, random_hex(16),
                                          context.now_s)
      << "\n";
  return 0;
}

int sign_mpc(const SignContext& context, std::vector<std::string> args, std::ostream& out, std::ostream& err) {
  std::string project, body;
  bool has_body = false;
  for (std::size_t i = 0; i < args.size(); ++i) has_body = has_body || args[i] == "--body";
  if (!take(args, "--project", project) || !take(args, "--body", body) || args.empty()) {
    err << kSignUsage;
    return 2;
  }
  const std::string call = args.front();
  static const std::map<std::string, std::string, std::less<>> kMethods = {
      {"create", "POST"}, {"list", "GET"}, {"cancel", "DELETE"}};
  const auto method = kMethods.find(call);
  if (method == kMethods.end()) {
    err << "thumbgate sign huawei_mpc: the calls are create, list and cancel\n";
    return 2;
  }
  signing::Params query;
  if (!name_values({args.begin() + 1, args.end()}, query, err)) return 2;
  if (call == "create") {
    rapidjson::Document doc;
    doc.Parse(body.c_str(), body.size());
    if (!has_body || !query.empty() || doc.HasParseError() || !doc.IsObject()) {
      err << "thumbgate sign huawei_mpc create: the task is a JSON object given as --body '{\"input\":…}'\n";
      return 2;
    }
  } else if (has_body) {
    err << "thumbgate sign huawei_mpc " << call << ": takes NAME=VALUE query parameters, not --body\n";
    return 2;
  }
  const auto* settings = vendor_settings<adapters::huawei_mpc::MpcSettings>(context, "huawei_mpc");
  if (settings == nullptr || settings->credentials.empty()) {
    err << "thumbgate sign: no huawei_mpc credentials in the config\n";
    return 1;
  }
  const adapters::huawei_mpc::MpcCredential* credential = &settings->credentials.front();
  if (!project.empty()) {
    auto found = std::find_if(settings->credentials.begin(), settings->credentials.end(),
                              [&](const auto& c) { return c.project_id == project; });
    if (found == settings->credentials.end()) {
      err << "thumbgate sign: no huawei_mpc credential of project " << project << " in the config\n";
      return 1;
    }
    credential = &*found;
  }
  constexpr std::string_view kContentType = "application/json;charset=UTF-8";
  const std::string path = "/v1/" + credential->project_id + "/thumbnails";
  signing::HuaweiSignedRequest request{
      .method = method->second, .path = path, .query = query, .headers = {{"host", host_header_of(context.base_url)}},
      .body = body};
  if (!body.empty()) request.headers.emplace_back("content-type", std::string(kContentType));
  const auto signature =
      signing::huawei_request_signature(request, credential->access_key, credential->secret_key, context.now_s);
  CurlRequest curl{.method = method->second,
                   .url = context.base_url + key_path(path.substr(1)) +
                          (query.empty() ? "" : "?" + signing::encode_query(query)),
                   .headers = {"X-Sdk-Date: " + signature.sdk_date, "Authorization: " + signature.authorization},
                   .body = body,
                   .output_file = ""};
  if (!body.empty()) curl.headers.push_back("Content-Type: " + std::string(kContentType));
  out << curl_command(curl) << "\n";
  return 0;
}

}  // namespace

int run_sign_command(const SignContext& context, std::vector<std::string> args, std::ostream& out,
                     std::ostream& err) {
  if (args.empty()) {
    err << kSignUsage;
    return 2;
  }
  const std::string api = args.front();
  args.erase(args.begin());
  if (api == "zego") return sign_zego(context, std::move(args), out, err);
  if (api == "tencent_vod") return sign_vod(context, std::move(args), out, err);
  if (api == "tencent_ci") return sign_cos(context, std::move(args), out, err);
  if (api == "aliyun_ice") return sign_ice(context, std::move(args), out, err);
  if (api == "huawei_mpc") return sign_mpc(context, std::move(args), out, err);
  err << "thumbgate sign: unknown API '" << api << "'\n" << kSignUsage;
  return 2;
}

}  // namespace tg::cli
