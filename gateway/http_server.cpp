#include "gateway/http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <unordered_map>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <vector>

#include "core/logger.hpp"
#include "gateway/request_target.hpp"

namespace tg::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

ApiRequest to_api_request(http::request<http::string_body>&& req, const std::string& remote) {
  ApiRequest out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  out.remote_address = remote;
  decode_target(out);
  for (const auto& field : req) {
    out.headers.emplace_back(lowercase(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(req.body());
  return out;
}

class Session;

// Errors that mean "out of descriptors or kernel memory": trying again at once fails again.
bool is_exhaustion(const beast::error_code& ec) {
  if (ec.category() != boost::system::system_category()) return false;
  const int value = ec.value();
  return value == EMFILE || value == ENFILE || value == ENOBUFS || value == ENOMEM;
}

// What the listener and its connections share: open connections, requests being answered, and whether
// the server is draining. Outlives the server when a session does (a handler may still hold one).
class ConnectionSlots {
 public:
  void acquire() { open_.fetch_add(1); }
  std::size_t open() const { return open_.load(); }
  /// Called when a connection closes; runs the listener's resume hook, if it is still there.
  void release() {
    open_.fetch_sub(1);
    std::lock_guard lock(mutex_);
    if (on_release_) on_release_();
  }
  void set_on_release(std::function<void()> hook) {
    std::lock_guard lock(mutex_);
    on_release_ = std::move(hook);
  }

  void begin_answer() {
    std::lock_guard lock(mutex_);
    ++answering_;
  }
  void end_answer() {
    {
      std::lock_guard lock(mutex_);
      --answering_;
    }
    answered_.notify_all();
  }
  /// Waits until no request is being answered, for up to `timeout`; true when none is.
  bool wait_answered(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return answered_.wait_for(lock, timeout, [this] { return answering_ == 0; });
  }

  bool draining() const { return draining_.load(); }
  void set_draining() { draining_.store(true); }

  void add(Session* session, std::weak_ptr<Session> weak) {
    std::lock_guard lock(mutex_);
    sessions_.emplace(session, std::move(weak));
  }
  void remove(Session* session) {
    std::lock_guard lock(mutex_);
    sessions_.erase(session);
  }
  /// Up to `count` connections other than `except` that have waited longest for a request head.
  std::vector<std::shared_ptr<Session>> longest_idle(const Session* except, std::size_t count);

  std::vector<std::shared_ptr<Session>> sessions() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<Session>> live;
    for (auto& [raw, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
    return live;
  }

 private:
  std::atomic<std::size_t> open_{0};
  std::atomic<bool> draining_{false};
  std::mutex mutex_;
  std::condition_variable answered_;
  int answering_ = 0;
  std::function<void()> on_release_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const HttpServerOptions& options, const Handler& handler,
          std::shared_ptr<ConnectionSlots> slots)
      : stream_(std::move(socket)), options_(options), handler_(handler), slots_(std::move(slots)) {
    slots_->acquire();
    // A new connection waits for its first request head from the moment it is accepted, before its
    // first read is scheduled.
    idle_since_ns_.store(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  ~Session() {
    if (answering_) slots_->end_answer();
    slots_->remove(this);
    release_slot();
  }

  void run() {
    slots_->add(this, weak_from_this());
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  /// The server is draining: a connection waiting for its next request closes now; one being answered
  /// closes after its answer.
  void drain() { close_if_idle(); }

  /// Closes the connection if it is still waiting for a request head (its slot is wanted).
  void close_if_idle() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->waiting_head_) self->close();
    });
  }

  /// Since when the connection has been waiting for a request head (steady clock, ns); 0 = it is not.
  int64_t idle_since() const { return idle_since_ns_.load(); }

 private:
  void read() {
    if (slots_->draining()) return close();
    waiting_head_ = true;
    idle_since_ns_.store(std::chrono::steady_clock::now().time_since_epoch().count());
    parser_.emplace();
    parser_->body_limit(options_.body_limit);
    // The head has its own, shorter deadline: an idle or trickling client cannot hold a connection
    // slot for the whole read timeout.
    stream_.expires_after(options_.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_header(ec);
    });
  }

  void on_header(beast::error_code ec) {
    waiting_head_ = false;
    idle_since_ns_.store(0);
    if (ec || parser_->is_done()) return on_read(ec);
    stream_.expires_after(options_.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code read_ec, std::size_t) { self->on_read(read_ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted) {
      return close();
    }
    if (ec) {
      // Malformed request or body over the limit: answer once, then close.
      ApiResponse bad;
      bad.status = ec == http::error::body_limit ? 413 : 400;
      bad.content_type = "text/plain";
      bad.body = ec.message() + "\n";
      keep_alive_ = false;
      version_ = 11;
      if (options_.refused) options_.refused(bad.status, bad.body.size());
      begin_answer();
      return write(std::move(bad));
    }
    auto req = parser_->release();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    head_ = req.method() == http::verb::head;
    std::string remote;
    beast::error_code ignored;
    auto endpoint = stream_.socket().remote_endpoint(ignored);
    if (!ignored) remote = endpoint.address().to_string();
    ApiRequest api = to_api_request(std::move(req), remote);
    auto self = shared_from_this();
    begin_answer();
    auto done = std::make_shared<std::atomic<bool>>(false);
    Respond respond = [self, done](ApiResponse response) {
      if (done->exchange(true)) return;
      asio::post(self->stream_.get_executor(),
                 [self, r = std::move(response)]() mutable { self->write(std::move(r)); });
    };
    try {
      handler_(std::move(api), respond);
    } catch (const std::exception& e) {
      ApiResponse failed;
      failed.status = 500;
      failed.content_type = "text/plain";
      failed.body = std::string("internal error: ") + e.what() + "\n";
      respond(std::move(failed));
    }
  }

  template <class Body>
  void finish_headers(http::response<Body>& res, const ApiResponse& api) {
    res.version(version_);
    res.set(http::field::server, options_.server_name);
    res.set(http::field::content_type, api.content_type);
    for (const auto& [name, value] : api.headers) res.set(name, value);
    res.keep_alive(keep_alive_);
  }

  void write(ApiResponse api) {
    if (!api.file_path.empty()) {
      http::file_body::value_type file;
      beast::error_code ec;
      file.open(api.file_path.c_str(), beast::file_mode::scan, ec);
      if (!ec) {
        auto res = std::make_shared<http::response<http::file_body>>(
            std::piecewise_construct, std::make_tuple(std::move(file)),
            std::make_tuple(static_cast<http::status>(api.status), version_));
        finish_headers(*res, api);
        res->prepare_payload();
        if (head_) {
          auto head = std::make_shared<http::response<http::empty_body>>(res->result(), version_);
          finish_headers(*head, api);
          head->content_length(res->payload_size());
          return send(head);
        }
        return send(res);
      }
      api.content_type = "text/plain";
      if (is_exhaustion(ec)) {
        api.status = 503;  // the file is there; the descriptors to open it are not
        api.headers.emplace_back("Retry-After", "1");
        api.body = "the server is busy, retry later\n";
      } else {
        api.status = 404;
        api.body = "not found\n";
      }
    }
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(api.status),
                                                                   version_);
    finish_headers(*res, api);
    res->body() = std::move(api.body);
    res->prepare_payload();
    if (head_) res->body().clear();
    send(res);
  }

  template <class Response>
  void send(std::shared_ptr<Response> res) {
    stream_.expires_after(options_.read_timeout);
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      self->end_answer();
      if (ec || !self->keep_alive_ || self->slots_->draining()) return self->close();
      self->read();
    });
  }

  // A request counts as in flight from its head until its answer is written (or the connection goes).
  void begin_answer() {
    answering_ = true;
    slots_->begin_answer();
  }
  void end_answer() {
    if (!answering_) return;
    answering_ = false;
    slots_->end_answer();
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
    release_slot();
  }

  // Once per connection: when it closes, or at the latest when the session goes (a handler that
  // answered may keep the session object alive a little longer).
  void release_slot() {
    if (!slot_released_.exchange(true)) slots_->release();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const HttpServerOptions& options_;
  const Handler& handler_;
  std::shared_ptr<ConnectionSlots> slots_;
  std::atomic<bool> slot_released_{false};
  bool waiting_head_ = true;  // strand only
  std::atomic<int64_t> idle_since_ns_{0};
  bool answering_ = false;     // strand only
  bool keep_alive_ = true;
  bool head_ = false;
  unsigned version_ = 11;
};

}  // namespace


constexpr std::chrono::milliseconds kFirstAcceptBackoff{50};
constexpr std::chrono::milliseconds kLastAcceptBackoff{1000};

std::vector<std::shared_ptr<Session>> ConnectionSlots::longest_idle(const Session* except, std::size_t count) {
  std::lock_guard lock(mutex_);
  // The `count` earliest idle times seen so far, latest on top.
  std::priority_queue<std::pair<int64_t, Session*>> oldest;
  for (auto& [raw, weak] : sessions_) {
    if (raw == except) continue;
    const int64_t since = raw->idle_since();  // the entry is erased before its session goes
    if (since == 0) continue;
    if (oldest.size() < count) {
      oldest.emplace(since, raw);
    } else if (since < oldest.top().first) {
      oldest.pop();
      oldest.emplace(since, raw);
    }
  }
  std::vector<std::shared_ptr<Session>> found;
  for (; !oldest.empty(); oldest.pop()) {
    if (auto session = sessions_.at(oldest.top().second).lock()) found.push_back(std::move(session));
  }
  return found;
}

struct HttpServer::Impl {
  Impl(HttpServerOptions o, Handler h)
      : options(std::move(o)), handler(std::move(h)), ioc(std::max(1, options.io_threads)),
        acceptor(asio::make_strand(ioc)), backoff_timer(acceptor.get_executor()) {
    options.max_connections = std::max<std::size_t>(1, options.max_connections);
  }

  // Runs on the acceptor's strand.
  void accept() {
    if (!acceptor.is_open() || backing_off) return;
    // One connection past the cap is accepted: it waits for the slot of an idle one (below).
    if (slots->open() > options.max_connections) {
      paused = true;  // resumed by the next connection that closes
      return;
    }
    paused = false;
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      if (is_exhaustion(ec)) return back_off(ec);
      if (backoff.count() != 0) {
        tg::log(LogLevel::kInfo, "accepting connections again");
        backoff = {};
      }
      if (!ec) {
        auto session = std::make_shared<Session>(std::move(socket), options, handler, slots);
        session->run();
        // Past the cap, the connection idle the longest (a kept-alive client between requests, or one
        // that connected and sent nothing) gives its slot to the new one: idle connections must not
        // lock everyone else out for the header timeout.
        // A batch at a time (1/64 of the cap), so that a flood of connections costs one scan per batch.
        if (slots->open() > options.max_connections) {
          const std::size_t batch = std::max<std::size_t>(1, options.max_connections / 64);
          for (auto& idle : slots->longest_idle(session.get(), batch)) {
            evicted_idle.fetch_add(1);
            idle->close_if_idle();
          }
        }
      }
      accept();
    });
  }

  // Out of descriptors: wait (50 ms doubling to 1 s) instead of retrying at once, which would spin.
  void back_off(const beast::error_code& ec) {
    exhausted_accepts.fetch_add(1);
    if (backoff.count() == 0) {
      tg::log(LogLevel::kWarn, "cannot accept connections, pausing",
              {{"error", ec.message()}, {"open_connections", std::to_string(slots->open())}});
    }
    backoff = backoff.count() == 0 ? kFirstAcceptBackoff : std::min(backoff * 2, kLastAcceptBackoff);
    backing_off = true;
    backoff_timer.expires_after(backoff);
    backoff_timer.async_wait([this](beast::error_code wait_ec) {
      backing_off = false;
      if (!wait_ec) accept();
    });
  }

  // From any thread, when a connection closes.
  void resume() {
    asio::post(acceptor.get_executor(), [this] {
      if (paused) accept();
    });
  }

  HttpServerOptions options;
  Handler handler;
  std::shared_ptr<ConnectionSlots> slots = std::make_shared<ConnectionSlots>();
  asio::io_context ioc;
  // Keeps the I/O threads running while nothing is pending: a paused listener and connections whose
  // answers are being made elsewhere.
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(ioc);
  tcp::acceptor acceptor;
  asio::steady_timer backoff_timer;
  // Acceptor strand only.
  bool paused = false;
  bool backing_off = false;
  std::chrono::milliseconds backoff{0};
  std::atomic<uint64_t> exhausted_accepts{0};
  std::atomic<uint64_t> evicted_idle{0};
  std::vector<std::thread> threads;
  std::once_flag stopped;
  uint16_t bound_port = 0;
};

HttpServer::HttpServer(HttpServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { stop(); }

tg::Result<uint16_t, std::string> HttpServer::bind() {
  if (impl_->bound_port != 0) return impl_->bound_port;
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return tg::unexpected("bad listen address '" + impl_->options.address + "': " + ec.message());
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return tg::unexpected("cannot listen on " + impl_->options.address + ":" +
                          std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->bound_port = acceptor.local_endpoint().port();
  return impl_->bound_port;
}

tg::Result<uint16_t, std::string> HttpServer::start() {
  auto bound = bind();
  if (!bound) return bound;
  if (!impl_->threads.empty()) return impl_->bound_port;
  impl_->slots->set_on_release([impl = impl_.get()] { impl->resume(); });
  asio::post(impl_->acceptor.get_executor(), [impl = impl_.get()] { impl->accept(); });
  for (int i = 0; i < std::max(1, impl_->options.io_threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return impl_->bound_port;
}

void HttpServer::stop_accepting() {
  if (!impl_ || impl_->slots->draining()) return;
  impl_->slots->set_draining();
  auto close_listener = [impl = impl_.get()] {
    beast::error_code ec;
    impl->acceptor.close(ec);
    impl->backoff_timer.cancel();
  };
  if (impl_->threads.empty()) {
    close_listener();
  } else {
    std::promise<void> closed;
    asio::post(impl_->acceptor.get_executor(), [&] {
      close_listener();
      closed.set_value();
    });
    closed.get_future().wait();
  }
  for (auto& session : impl_->slots->sessions()) session->drain();
}

bool HttpServer::wait_answered(std::chrono::milliseconds timeout) { return impl_->slots->wait_answered(timeout); }

void HttpServer::stop() {
  if (!impl_) return;
  std::call_once(impl_->stopped, [this] {
    impl_->slots->set_on_release({});
    asio::post(impl_->acceptor.get_executor(), [this] {
      beast::error_code ec;
      impl_->acceptor.close(ec);
      impl_->backoff_timer.cancel();
    });
    impl_->ioc.stop();
    for (auto& t : impl_->threads) {
      if (t.joinable()) t.join();
    }
  });
}

uint16_t HttpServer::port() const { return impl_->bound_port; }

HttpServer::Stats HttpServer::stats() const {
  return Stats{impl_->slots->open(), impl_->exhausted_accepts.load(), impl_->evicted_idle.load()};
}

}  // namespace tg::gateway
