#include "cli/sign_command.hpp"

#include <algorithm>

#include "adapters/tencent_vod/vod_settings.hpp"
#include "adapters/zego/demo_app.hpp"
#include "adapters/zego/zego_settings.hpp"
#include "core/random_id.hpp"
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

// "NAME=VALUE" arguments as parameters, after Action; false on one without '='.
bool to_params(const std::string& action, const std::vector<std::string>& args, signing::Params& params,
               std::ostream& err) {
  params.emplace_back("Action", action);
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

// host[:port] of an http(s) URL.
std::string host_of(const std::string& url) {
  std::string rest = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  return rest.substr(0, rest.find('/'));
}

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
  err << "thumbgate sign: unknown API '" << api << "'\n" << kSignUsage;
  return 2;
}

}  // namespace tg::cli
