// The one place the gateway's objects are built and connected.

#include "gateway/application.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <sstream>
#include <vector>

#include "adapters/registry.hpp"
#include "cli/sign_command.hpp"
#include "cli/task_commands.hpp"
#include "console/console_assets.hpp"
#include "core/clock.hpp"
#include "core/curl_library.hpp"
#include "core/logger.hpp"
#include "core/path_containment.hpp"
#include "core/private_dirs.hpp"
#include "core/random_id.hpp"
#include "gateway/config.hpp"
#include "gateway/admin/admin_api.hpp"
#include "gateway/admin/admin_token.hpp"
#include "gateway/connection_budget.hpp"
#include "gateway/counting_guards.hpp"
#include "gateway/drain.hpp"
#include "gateway/gateway_metrics.hpp"
#include "gateway/config_warnings.hpp"
#include "gateway/rejection_tally.hpp"
#include "gateway/http_server.hpp"
#include "gateway/listen_address.hpp"
#include "gateway/router.hpp"
#include "gateway/state_stores.hpp"
#include "gateway/throttled_readiness.hpp"
#include "tasks/callback_sender.hpp"
#include "tasks/cue_count_backfill.hpp"
#include "tasks/engine_job_runner.hpp"
#include "tasks/maintenance.hpp"
#include "tasks/media_resolver.hpp"
#include "tasks/postgres/pg_listener.hpp"
#include "tasks/submit_batcher.hpp"
#include "tasks/task_metrics.hpp"
#include "tasks/worker_pool.hpp"

namespace tg::gateway {
namespace fs = std::filesystem;

namespace {

tg::Result<Config, std::string> config_from(const std::string& config_path, const std::string& listen,
                                            const adapters::VendorList& vendors) {
  Config config = default_config(vendors);
  if (!config_path.empty()) {
    auto loaded = load_config(config_path, vendors);
    if (!loaded) return tg::unexpected(config_path + ": " + loaded.error());
    config = std::move(*loaded);
  }
  if (!listen.empty()) config.listen = listen;
  return config;
}

// "http://HOST:PORT" of a bound address (IPv6 hosts in brackets).
std::string url_of(const std::string& host, uint16_t port) {
  const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "http://" + shown + ":" + std::to_string(port);
}

// Why `source` (a path) is no media source. Sources are paths relative to media_root: an absolute path gets
// that said, with its relative form when it lies under media_root.
std::string unresolved_source_message(const std::string& source, const std::string& media_root,
                                      tasks::ResolveError error) {
  if (fs::path(source).is_absolute()) {
    const auto root = canonical_path(media_root);
    const auto path = canonical_path(source);
    std::string message = "sources are paths relative to media_root (" + media_root + ") or http(s) URLs";
    if (root && path && is_below(*path, *root)) {
      return message + "; use a path relative to media_root, like " + path->lexically_relative(*root).string();
    }
    return message + ", and this path is not under media_root";
  }
  return (error == tasks::ResolveError::kNotFound ? "no such file under " : "not a path inside ") + media_root;
}

// Connections the admin console's own listener keeps open at once.
constexpr std::size_t kAdminConnections = 64;

// The console page's files, embedded at build time (console/).
admin::ConsoleFiles console_files() {
  return [](std::string_view name) -> std::optional<admin::ConsoleFile> {
    const console::ConsoleAsset* asset = console::find_console_asset(name);
    if (asset == nullptr) return std::nullopt;
    return admin::ConsoleFile{asset->content_type, asset->body};
  };
}

}  // namespace

int run_server(const std::string& config_path, const std::string& listen, std::ostream& out, std::ostream& err) {
  return run_server(config_path, listen, adapters::standard_vendors(), out, err);
}

int run_server(const std::string& config_path, const std::string& listen, const adapters::VendorList& vendors,
               std::ostream& out, std::ostream& err, const std::function<void(const std::string&)>& on_listening) {
  auto loaded = config_from(config_path, listen, vendors);
  if (!loaded) {
    err << "thumbgate: invalid config: " << loaded.error() << "\n";
    return 1;
  }
  Config config = std::move(*loaded);
  tg::set_log_level(config.log_level);
  log_config_warnings(config);
  auto address = parse_listen_address(config.listen);
  if (!address) {
    err << "thumbgate: invalid config: " << address.error() << "\n";
    return 1;
  }
  const uint64_t open_files = raise_open_file_limit();
  std::error_code ec;
  // The data folder (task database, outputs, what vendors keep there) is the gateway's alone.
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

  auto tables = open_task_tables(config);
  if (!tables) {
    err << "thumbgate: " << tables.error() << "\n";
    return 1;
  }
  tasks::TaskStore& store = *tables->tasks;
  tasks::CallbackOutbox& outbox = *tables->outbox;
  tasks::MediaTable& media_table = *tables->media;
  auto guards = open_request_guards(config);
  if (!guards) {
    err << "thumbgate: " << guards.error() << "\n";
    return 1;
  }
  SystemClock clock;
  for (const auto& [file_id, source] : config.media) {
    auto put = media_table.put_media(file_id, source, clock.now_ms());
    if (!put) {
      err << "thumbgate: media." << file_id << ": " << put.error().message << "\n";
      return 1;
    }
  }
  // Before serving, so that no query has to read an index file to count its cues.
  if (auto counted = tasks::backfill_cue_counts(store, outputs_path(config)); !counted) {
    err << "thumbgate: cannot update the task database: " << counted.error().message << "\n";
    return 1;
  } else if (*counted > 0) {
    tg::log(LogLevel::kInfo, "stored the cue counts of earlier sprite tasks", {{"tasks", std::to_string(*counted)}});
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
  http_options.refused = record_refused_request;
  http_options.max_connections = connection_cap(open_files, config, vendors);
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
  const std::string bound_url = url_of(address->host, *port);
  with_public_base_url(config, bound_url);

  // Each vendor's start-up hook (one may, for instance, create a default app when none is configured).
  std::ostringstream vendor_notice;
  const adapters::StartContext start_context{
      .data_dir = config.data_dir, .media_root = config.media_root, .public_base_url = config.public_base_url};
  for (const auto& vendor : vendors) {
    if (auto started = vendor->on_start(config.vendors[std::string(vendor->name())], start_context, vendor_notice);
        !started) {
      err << "thumbgate: " << started.error() << "\n";
      return 1;
    }
  }

  tasks::MediaResolver resolver(media_table, config.media_root);
  // Finished tasks' files: a folder every process sharing the task table mounts.
  const auto outputs = tasks::shared_folder_outputs(outputs_path(config));
  adapters::CallAdmission& admission = *guards->admission;
  adapters::RateLimiter& limiter = *guards->limiter;
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
  tasks::CallbackSender sender(outbox, clock, sender_options);

  // Submissions of every vendor are queued through one group committer: the tasks that arrive while a
  // commit is in flight share the next one. Declared after the front doors it answers for, so that it
  // stops (answering what still waits) before they go.
  std::vector<std::unique_ptr<adapters::FrontDoor>> doors;
  tasks::SubmitBatcher submit_batcher(store);

  // Every vendor's front door is built (a finished task of a vendor that serves no route any more is still
  // notified); only the vendors that serve routes are routed to.
  std::atomic<bool> cancel_snapshots{false};
  const adapters::VendorDeps vendor_deps{.admission = admission,
                                         .limiter = limiter,
                                         .store = store,
                                         .resolver = resolver,
                                         .clock = clock,
                                         .task_queued = [&pool] { if (pool) pool->wake(); },
                                         .max_queue = config.max_queue,
                                         .max_queue_per_app = config.max_queue_per_app,
                                         .limits = output_limits,
                                         .outbound = config.outbound,
                                         .public_base_url = config.public_base_url,
                                         .media_root = config.media_root,
                                         .outputs_dir = outputs_path(config),
                                         .data_dir = config.data_dir,
                                         .cancel = &cancel_snapshots,
                                         .enqueuer = &submit_batcher};
  RejectionTally rejections;
  std::vector<std::unique_ptr<CountingLimiter>> limiters;
  std::vector<std::unique_ptr<CountingAdmission>> admissions;
  std::vector<NamedDoor> first_doors;
  std::vector<NamedDoor> then_doors;
  for (const auto& vendor : vendors) {
    const std::string name(vendor->name());
    const adapters::VendorSettings& settings = config.vendors[name];
    limiters.push_back(std::make_unique<CountingLimiter>(limiter, name, rejections));
    admissions.push_back(std::make_unique<CountingAdmission>(admission, name, rejections));
    adapters::VendorDeps deps = vendor_deps;
    doors.push_back(vendor->make_front_door(settings, adapters::VendorDeps{
        .admission = *admissions.back(), .limiter = *limiters.back(), .store = deps.store, .resolver = deps.resolver,
        .clock = deps.clock, .task_queued = deps.task_queued, .max_queue = deps.max_queue,
        .max_queue_per_app = deps.max_queue_per_app, .limits = deps.limits, .outbound = deps.outbound,
        .public_base_url = deps.public_base_url, .media_root = deps.media_root, .outputs_dir = deps.outputs_dir,
        .data_dir = deps.data_dir, .cancel = deps.cancel, .enqueuer = deps.enqueuer}));
    if (!vendor->serves(settings)) continue;
    (vendor->before_gateway_paths() ? first_doors : then_doors).push_back(NamedDoor{name, doors.back().get()});
  }

  tasks::WorkerPool::Options pool_options;
  pool_options.workers = config.workers;
  pool_options.max_remote_workers = config.max_remote_workers;
  pool_options.lease_ms = config.lease_ms;
  pool_options.outputs = outputs;
  pool_options.worker_prefix = "w-" + random_hex(4);
  pool_options.callback_queued = [&sender] { sender.wake(); };
  pool = std::make_unique<tasks::WorkerPool>(
      store, runner, clock, pool_options,
      [&doors](const tasks::TaskRecord& record) -> std::optional<tasks::CallbackDelivery> {
        for (const auto& door : doors) {
          if (auto delivery = door->compose_notification(record)) return delivery;
        }
        return std::nullopt;
      });
  // Ready when a real write reaches the database, Redis answers (when the guards live there) and the workers
  // take tasks.
  // The reasons are for anyone who asks: the store's own words (which can name its host, user or file) are
  // logged instead.
  ReadinessCheck ready = [&store, &pool, &clock, probe = guards->probe] {
    std::vector<std::pair<std::string, std::string>> failed;
    if (auto wrote = store.probe_write(clock.now_ms()); !wrote) {
      tg::log(LogLevel::kError, "readiness: the task database cannot be written", {{"error", wrote.error().message}});
      failed.emplace_back("database", "a write to the task database failed");
    }
    if (probe) {
      if (std::string why = probe(); !why.empty()) failed.emplace_back("redis", why);
    }
    if (!pool || !pool->running()) failed.emplace_back("workers", "the worker pool is not running");
    return failed;
  };
  auto throttled = std::make_shared<ThrottledReadiness>(std::move(ready), [&clock] { return clock.monotonic_ms(); });

  // The operator console: on the main listener (loopback clients only unless allowed), or on its own.
  auto admin_token = admin::resolve_admin_token(config.admin, config.data_dir);
  if (!admin_token) {
    err << "thumbgate: admin: " << admin_token.error() << "\n";
    return 1;
  }
  admin::AdminApi admin_api(
      admin::AdminServices{
          .store = store,
          .outbox = outbox,
          .clock = clock,
          .outputs_dir = outputs_path(config),
          .text = admin::PrivateText({{config.data_dir, "<data_dir>"}, {config.media_root, "<media_root>"}}),
          .wake_workers = [&pool] { pool->wake(); },
          .wake_callbacks = [&sender] { sender.wake(); },
          .workers = [&pool] { return admin::WorkerLoad{pool->workers(), pool->busy()}; },
          .rate_limited = [&rejections](std::size_t n) { return rejections.top(n); }},
      console_files(), admin::SessionCookie(admin_token->value, int64_t{config.admin.session_hours} * 3'600'000));
  const bool admin_apart = !config.admin.listen.empty();
  std::unique_ptr<Router> admin_router;
  std::unique_ptr<HttpServer> admin_server;
  std::string admin_url = bound_url;
  if (admin_apart) {
    auto admin_address = parse_listen_address(config.admin.listen);
    if (!admin_address) {
      err << "thumbgate: invalid config: admin.listen: " << admin_address.error() << "\n";
      return 1;
    }
    admin_router = Router::admin_only(admin_api);
    HttpServerOptions admin_options = http_options;
    admin_options.address = admin_address->host;
    admin_options.port = admin_address->port;
    admin_options.io_threads = 1;
    admin_options.max_connections = kAdminConnections;
    admin_server = std::make_unique<HttpServer>(admin_options, [&admin_router](ApiRequest request, Respond respond) {
      admin_router->handle(std::move(request), std::move(respond));
    });
    auto admin_port = admin_server->bind();
    if (!admin_port) {
      err << "thumbgate: admin: " << admin_port.error() << "\n";
      return 1;
    }
    admin_url = url_of(admin_address->host, *admin_port);
  }
  router = std::make_unique<Router>(
      outputs_path(config), std::move(first_doors), std::move(then_doors), [throttled] { return (*throttled)(); },
      AdminMount{admin_apart ? nullptr : &admin_api, config.admin.allow_remote});
  tasks::task_metrics();
  TaskStoreWatch store_watch(store);
  // Several processes share a PostgreSQL database: a task queued or a callback due on another wakes ours.
  std::unique_ptr<tasks::PgListener> listener;
  if (!tables->postgres_url.empty()) {
    listener = std::make_unique<tasks::PgListener>(
        tables->postgres_url, [&pool] { pool->wake(); }, [&sender] { sender.wake(); },
        [media = tables->media] { media->forget_cached_media(); }, tasks::PgListener::Options{});
  }

  // libcurl (and the libraries it pulls in) is loaded before serving: loading it later, when descriptors
  // or memory may be short, could fail every callback and remote input until a restart.
  if (auto curl = curl_library(); !curl) {
    err << "thumbgate: callbacks and remote inputs will fail: " << curl.error() << "\n";
  }
  // The one maintenance loop: expired leases and due retries back to the queue, callback retries, retention.
  tasks::Maintenance maintenance(store, clock,
                                 {.retention_ms = config.retention_hours * 3600 * 1000, .outputs = outputs},
                                 &sender);
  pool->start();
  sender.start();
  maintenance.start();
  auto started = server.start();
  if (!started) {
    err << "thumbgate: " << started.error() << "\n";
    return 1;
  }
  if (admin_server) {
    if (auto admin_started = admin_server->start(); !admin_started) {
      err << "thumbgate: admin: " << admin_started.error() << "\n";
      server.stop();  // its router hands /admin to admin_api, which is destroyed before it
      return 1;
    }
  }
  out << "thumbgate " << THUMBGATE_VERSION << " listening on " << bound_url << "\n"
      << "data in " << fs::absolute(config.data_dir).string() << ", media from "
      << fs::absolute(config.media_root).string() << "\n"
      << "tasks in " << tables->described << ", rate limits and nonces in " << guards->described << "\n";
  // A token from the config file is the operator's own and is not printed.
  out << "admin console: " << admin_url << "/admin/"
      << (admin_token->from_file ? "  token: " + admin_token->value : std::string()) << "\n";
  out << vendor_notice.str();
  out.flush();
  if (on_listening) on_listening(bound_url);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  out << "thumbgate: stopping (signal " << signal_number << "), finishing work for up to "
      << config.shutdown_grace_ms << " ms\n";
  out.flush();
  drain(server, *pool, stop_signals, std::chrono::milliseconds(config.shutdown_grace_ms), out);
  cancel_snapshots = true;
  maintenance.stop();
  if (admin_server) admin_server->stop();
  admin_api.stop();  // the admin requests already queued are answered
  server.stop();
  for (auto& door : doors) door->stop();
  submit_batcher.stop();  // no submission is still waiting: the server is stopped
  if (listener) listener->stop();
  pool->stop();    // what is still running goes back to the queue
  sender.stop();   // undelivered callbacks stay pending for the next start
  out << "thumbgate: stopped\n";
  out.flush();
  return 0;
}

int run_media_add(const std::string& config_path, const std::string& file_id, const std::string& source,
                  std::ostream& out, std::ostream& err) {
  auto loaded = config_from(config_path, "", adapters::standard_vendors());
  if (!loaded) {
    err << "thumbgate: invalid config: " << loaded.error() << "\n";
    return 1;
  }
  const Config& config = *loaded;
  if (auto made = create_private_directories(config.data_dir); !made) {
    err << "thumbgate: " << made.error() << "\n";
    return 1;
  }
  auto tables = open_task_tables(config);
  if (!tables) {
    err << "thumbgate: " << tables.error() << "\n";
    return 1;
  }
  if (tasks::is_http_url(source)) {
    // As the config's media URLs are: the workers will connect there.
    if (auto allowed = check_outbound_url(source, config.outbound.policy); !allowed) {
      err << "thumbgate: " << source << ": " << allowed.error() << "\n";
      return 1;
    }
  } else {
    tasks::MediaResolver resolver(*tables->media, config.media_root);
    auto resolved = resolver.resolve_path(source);
    if (!resolved) {
      err << "thumbgate: " << source << ": " << unresolved_source_message(source, config.media_root, resolved.error())
          << "\n";
      return 1;
    }
  }
  if (file_id.empty()) {
    err << "thumbgate: FILE_ID must not be empty\n";
    return 1;
  }
  auto put = tables->media->put_media(file_id, source, SystemClock().now_ms());
  if (!put) {
    err << "thumbgate: " << put.error().message << "\n";
    return 1;
  }
  out << "media " << file_id << " -> " << source << "\n";
  return 0;
}

int run_tasks(const std::string& config_path, const std::vector<std::string>& args, std::ostream& out,
              std::ostream& err) {
  // Usage needs no database: asked for, or with nothing to do, it is printed before the config is read.
  if (args.empty()) {
    err << cli::kTasksUsage;
    return 2;
  }
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << cli::kTasksUsage;
      return 0;
    }
  }
  auto loaded = config_from(config_path, "", adapters::standard_vendors());
  if (!loaded) {
    err << "thumbgate: invalid config: " << loaded.error() << "\n";
    return 1;
  }
  auto tables = open_task_tables(*loaded, /*must_exist=*/true);
  if (!tables) {
    err << "thumbgate: " << tables.error() << "\n";
    return 1;
  }
  return cli::run_tasks_command(*tables->tasks, *tables->outbox, args, SystemClock().now_ms(), out, err);
}

int run_sign(const std::string& config_path, const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << cli::kSignUsage;
      return 0;
    }
  }
  auto loaded = config_from(config_path, "", adapters::standard_vendors());
  if (!loaded) {
    err << "thumbgate: invalid config: " << loaded.error() << "\n";
    return 1;
  }
  const Config& config = *loaded;
  const cli::SignContext context{.vendors = config.vendors,
                                 .base_url = config.public_base_url.empty() ? "http://" + config.listen
                                                                            : config.public_base_url,
                                 .data_dir = config.data_dir,
                                 .now_s = SystemClock().now_s()};
  return cli::run_sign_command(context, args, out, err);
}

}  // namespace tg::gateway
