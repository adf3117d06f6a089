// The one place the gateway's objects are built and connected.

#include "gateway/application.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>

#include "core/clock.hpp"
#include "core/curl_library.hpp"
#include "core/logger.hpp"
#include "core/private_dirs.hpp"
#include "core/random_id.hpp"
#include "gateway/config.hpp"
#include "gateway/connection_budget.hpp"
#include "gateway/cos_endpoint.hpp"
#include "gateway/cos_result_cache.hpp"
#include "gateway/demo_app.hpp"
#include "gateway/drain.hpp"
#include "gateway/http_server.hpp"
#include "gateway/listen_address.hpp"
#include "gateway/router.hpp"
#include "gateway/sliding_window_limiter.hpp"
#include "gateway/tencent_vod_endpoint.hpp"
#include "gateway/zego_endpoint.hpp"
#include "signing/nonce_cache.hpp"
#include "signing/zego_signature.hpp"
#include "tasks/callback_sender.hpp"
#include "tasks/engine_job_runner.hpp"
#include "tasks/maintenance.hpp"
#include "tasks/media_resolver.hpp"
#include "tasks/snapshot_pool.hpp"
#include "tasks/sqlite_task_store.hpp"
#include "tasks/worker_pool.hpp"

namespace tg::gateway {
namespace fs = std::filesystem;

namespace {

tg::Result<Config, std::string> config_from(const std::string& config_path, const std::string& listen) {
  Config config = default_config();
  if (!config_path.empty()) {
    auto loaded = load_config(config_path);
    if (!loaded) return tg::unexpected(config_path + ": " + loaded.error());
    config = std::move(*loaded);
  }
  if (!listen.empty()) config.listen = listen;
  return config;
}

std::string database_path(const Config& config) { return (fs::path(config.data_dir) / "thumbgate.db").string(); }
std::string outputs_path(const Config& config) { return (fs::path(config.data_dir) / "outputs").string(); }

/// Prints a signed MediaThumbnails URL for the demo clip, valid for the signature window.
void print_demo_url(const Config& config, const DemoApp& app, std::ostream& out) {
  if (!fs::exists(fs::path(config.media_root) / "demo.mp4")) return;
  std::string nonce = random_hex(8);
  std::string ts = std::to_string(SystemClock().now_s());
  std::string sig = signing::zego_signature(app.app_id, nonce, app.server_secret, ts);
  std::string common = "AppId=" + app.app_id + "&SignatureNonce=" + nonce + "&Timestamp=" + ts +
                       "&Signature=" + sig + "&SignatureVersion=2.0";
  out << "try it (signed, valid for 10 minutes):\n  curl '" << config.public_base_url
      << "/?Action=MediaThumbnails&Vendor=Huawei&FileId=demo.mp4&Type=SampleSnapshot&Interval=5&" << common
      << "'\n  then DescribeMediaTask with the task_id (sign a new request: AppId + SignatureNonce + "
         "ServerSecret + Timestamp, md5)\n";
}

}  // namespace

int run_server(const std::string& config_path, const std::string& listen, std::ostream& out, std::ostream& err) {
  auto loaded = config_from(config_path, listen);
  if (!loaded) {
    err << "thumbgate: invalid config: " << loaded.error() << "\n";
    return 1;
  }
  Config config = std::move(*loaded);
  auto address = parse_listen_address(config.listen);
  if (!address) {
    err << "thumbgate: invalid config: " << address.error() << "\n";
    return 1;
  }
  const uint64_t open_files = raise_open_file_limit();
  std::error_code ec;
  // The data folder (task database, outputs, the demo app's secret) is the gateway's alone.
  for (const auto& dir : {config.data_dir, outputs_path(config)}) {
    if (auto made = create_private_directories(dir); !made) {
      err << "thumbgate: " << made.error() << "\n";
      return 1;
    }
  }
  fs::create_directories(config.media_root, ec);
  if (ec) {
    err << "thumbgate: cannot create " << config.media_root << ": " << ec.message() << "\n";
    return 1;
  }

  std::optional<DemoApp> demo;
  if (config.zego.apps.empty()) {
    auto app = load_or_create_demo_app(config.data_dir);
    if (!app) {
      err << "thumbgate: " << app.error() << "\n";
      return 1;
    }
    demo = *app;
    adapters::zego::ZegoApp zego_app;
    zego_app.app_id = app->app_id;
    zego_app.server_secret = app->server_secret;
    config.zego.apps.push_back(zego_app);
  }

  auto store = tasks::SqliteTaskStore::open(database_path(config));
  if (!store) {
    err << "thumbgate: cannot open the task database: " << store.error().message << "\n";
    return 1;
  }
  SystemClock clock;
  for (const auto& [file_id, source] : config.media) {
    auto put = (*store)->put_media(file_id, source, clock.now_ms());
    if (!put) {
      err << "thumbgate: media." << file_id << ": " << put.error().message << "\n";
      return 1;
    }
  }

  // SIGINT/SIGTERM are taken by sigwait below; every thread started from here on inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  HttpServerOptions http_options;
  http_options.address = address->host;
  http_options.port = address->port;
  http_options.header_timeout = std::chrono::milliseconds(config.header_timeout_ms);
  http_options.max_connections = connection_cap(open_files, config);
  tg::log(LogLevel::kInfo, "connection cap",
          {{"max_connections", std::to_string(http_options.max_connections)},
           {"open_file_limit", std::to_string(open_files)}});
  std::unique_ptr<Router> router;
  HttpServer server(http_options, [&router](ApiRequest request, Respond respond) {
    router->handle(std::move(request), std::move(respond));
  });
  auto port = server.bind();
  if (!port) {
    err << "thumbgate: " << port.error() << "\n";
    return 1;
  }
  std::string host_for_url = address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
  std::string bound_url = "http://" + host_for_url + ":" + std::to_string(*port);
  with_public_base_url(config, bound_url);

  tasks::MediaResolver resolver(**store, config.media_root);
  signing::NonceCache nonces;
  SlidingWindowLimiter limiter;
  const tasks::OutputLimits output_limits{.max_images = config.max_images_per_task,
                                          .max_bytes = config.max_output_bytes_per_task};
  tasks::EngineJobRunner::Options runner_options;
  runner_options.policy = config.outbound.policy;
  runner_options.idle_timeout = std::chrono::milliseconds(config.outbound.idle_timeout_ms);
  runner_options.media_root = resolver.media_root();
  runner_options.limits = output_limits;
  tasks::EngineJobRunner runner(runner_options);
  std::unique_ptr<tasks::WorkerPool> pool;
  tasks::CallbackSender::Options sender_options;
  sender_options.retry_delays_ms = config.callback_retry_delays_ms;
  sender_options.policy = config.outbound.policy;
  tasks::CallbackSender sender(**store, clock, sender_options);

  ZegoEndpoint zego({.settings = config.zego,
                     .nonces = nonces,
                     .limiter = limiter,
                     .store = **store,
                     .resolver = resolver,
                     .clock = clock,
                     .task_queued = [&pool] { if (pool) pool->wake(); },
                     .max_queue = config.max_queue,
                     .max_queue_per_app = config.max_queue_per_app,
                     .limits = output_limits});
  TencentVodEndpoint tencent_vod({.settings = config.tencent_vod,
                                  .nonces = nonces,
                                  .limiter = limiter,
                                  .store = **store,
                                  .resolver = resolver,
                                  .clock = clock,
                                  .outputs_dir = outputs_path(config),
                                  .task_queued = [&pool] { if (pool) pool->wake(); },
                                  .max_queue = config.max_queue,
                                  .max_queue_per_app = config.max_queue_per_app,
                                  .limits = output_limits});

  tasks::WorkerPool::Options pool_options;
  pool_options.workers = config.workers;
  pool_options.max_remote_workers = config.max_remote_workers;
  pool_options.lease_ms = config.lease_ms;
  pool_options.outputs_dir = outputs_path(config);
  pool_options.worker_prefix = "w-" + random_hex(4);
  pool_options.callback_queued = [&sender] { sender.wake(); };
  pool = std::make_unique<tasks::WorkerPool>(
      **store, runner, clock, pool_options,
      [&zego, &tencent_vod](const tasks::TaskRecord& record) {
        if (record.spec.api == "tencent_vod") return tencent_vod.compose_callback(record);
        return zego.compose_callback(record);
      });
  router = std::make_unique<Router>(outputs_path(config), zego);
  // A vendor without keys or buckets has no routes: its paths are unknown routes like any other.
  if (!config.tencent_vod.secrets.empty()) router->set_tencent_vod(&tencent_vod);
  // COS GetSnapshot runs on its own bounded pool, apart from the task workers.
  tasks::SnapshotPool cos_pool(config.cos.engine_threads, config.cos.max_inflight);
  CosResultCache cos_results(static_cast<std::size_t>(config.cos.result_cache_bytes));
  engine::HotInputCache cos_inputs(static_cast<std::size_t>(config.cos.hot_inputs),
                                   static_cast<std::size_t>(config.cos.hot_input_bytes));
  std::atomic<bool> cancel_snapshots{false};
  CosEndpoint cos({.settings = config.cos,
                   .media_root = config.media_root,
                   .clock = clock,
                   .pool = cos_pool,
                   .results = cos_results,
                   .inputs = cos_inputs,
                   .outbound = config.outbound,
                   .cancel = &cancel_snapshots});
  if (!config.cos.buckets.empty()) router->set_cos(&cos);

  // libcurl (and the libraries it pulls in) is loaded before serving: loading it later, when descriptors
  // or memory may be short, could fail every callback and remote input until a restart.
  if (auto curl = curl_library(); !curl) {
    err << "thumbgate: callbacks and remote inputs will fail: " << curl.error() << "\n";
  }
  // The one maintenance loop: expired leases and due retries back to the queue, callback retries, retention.
  tasks::Maintenance maintenance(**store, clock,
                                 {.retention_ms = config.retention_hours * 3600 * 1000,
                                  .outputs_dir = outputs_path(config)},
                                 &sender);
  pool->start();
  sender.start();
  maintenance.start();
  auto started = server.start();
  if (!started) {
    err << "thumbgate: " << started.error() << "\n";
    return 1;
  }
  out << "thumbgate " << THUMBGATE_VERSION << " listening on " << bound_url << "\n"
      << "data in " << fs::absolute(config.data_dir).string() << ", media from "
      << fs::absolute(config.media_root).string() << "\n";
  if (demo) {
    out << "demo app: AppId=" << demo->app_id << " ServerSecret=" << demo->server_secret << "\n";
    print_demo_url(config, *demo, out);
  }
  out.flush();

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  out << "thumbgate: stopping (signal " << signal_number << "), finishing work for up to "
      << config.shutdown_grace_ms << " ms\n";
  out.flush();
  drain(server, *pool, stop_signals, std::chrono::milliseconds(config.shutdown_grace_ms), out);
  cancel_snapshots = true;
  maintenance.stop();
  server.stop();
  cos_pool.stop();
  pool->stop();    // what is still running goes back to the queue
  sender.stop();   // undelivered callbacks stay pending for the next start
  out << "thumbgate: stopped\n";
  out.flush();
  return 0;
}

int run_media_add(const std::string& config_path, const std::string& file_id, const std::string& source,
                  std::ostream& out, std::ostream& err) {
  auto loaded = config_from(config_path, "");
  if (!loaded) {
    err << "thumbgate: invalid config: " << loaded.error() << "\n";
    return 1;
  }
  const Config& config = *loaded;
  if (auto made = create_private_directories(config.data_dir); !made) {
    err << "thumbgate: " << made.error() << "\n";
    return 1;
  }
  auto store = tasks::SqliteTaskStore::open(database_path(config));
  if (!store) {
    err << "thumbgate: cannot open the task database: " << store.error().message << "\n";
    return 1;
  }
  if (tasks::is_http_url(source)) {
    // As the config's media URLs are: the workers will connect there.
    if (auto allowed = check_outbound_url(source, config.outbound.policy); !allowed) {
      err << "thumbgate: " << source << ": " << allowed.error() << "\n";
      return 1;
    }
  } else {
    tasks::MediaResolver resolver(**store, config.media_root);
    auto resolved = resolver.resolve_path(source);
    if (!resolved) {
      err << "thumbgate: " << source
          << (resolved.error() == tasks::ResolveError::kNotFound ? ": no such file under " : ": not a path inside ")
          << config.media_root << "\n";
      return 1;
    }
  }
  if (file_id.empty()) {
    err << "thumbgate: FILE_ID must not be empty\n";
    return 1;
  }
  auto put = (*store)->put_media(file_id, source, SystemClock().now_ms());
  if (!put) {
    err << "thumbgate: " << put.error().message << "\n";
    return 1;
  }
  out << "media " << file_id << " -> " << source << "\n";
  return 0;
}

}  // namespace tg::gateway
