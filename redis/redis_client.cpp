#include "redis/redis_client.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <utility>

#include "signing/digest.hpp"

namespace tg::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

// True when an idle connection can carry a command: Redis has not closed it (a restart, CLIENT KILL, its
// idle timeout) and sent nothing unasked. One non-blocking peek, no round trip.
bool still_open(const redisContext& context) {
  char byte = 0;
  const ssize_t got = ::recv(context.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

// What went wrong on a connection, from hiredis's own description (which never holds the password).
std::string io_error(const redisContext& context) {
  std::string why = context.errstr[0] != '\0' ? context.errstr : "connection failed";
  if (context.err == REDIS_ERR_IO && why.find("Resource temporarily unavailable") != std::string::npos) {
    why = "timed out";
  }
  return "redis: " + why;
}

std::string reply_error(const redisReply& reply) {
  return "redis: " + std::string(reply.str ? reply.str : "error", reply.str ? reply.len : 5);
}

}  // namespace

LuaScript::LuaScript(std::string text) : source(std::move(text)), sha1(signing::sha1_hex(source)) {}

RedisClient::RedisClient(RedisUrl url, Options options) : url_(std::move(url)), options_(options) {}

RedisClient::~RedisClient() = default;

tg::Result<std::unique_ptr<RedisClient>, std::string> RedisClient::create(std::string_view url, Options options) {
  TG_TRY_ASSIGN(RedisUrl parsed, parse_redis_url(url));
  if (options.max_connections == 0) options.max_connections = 1;
  return std::make_unique<RedisClient>(std::move(parsed), options);
}

tg::Result<ContextPtr, std::string> RedisClient::connect() const {
  ContextPtr context(redisConnectWithTimeout(url_.host.c_str(), url_.port, to_timeval(options_.connect_timeout)));
  if (!context) return tg::unexpected(std::string("redis: cannot allocate a connection"));
  if (context->err) {
    return tg::unexpected("redis: cannot connect to " + url_.host + ":" + std::to_string(url_.port) + ": " +
                          std::string(context->errstr));
  }
  if (redisSetTimeout(context.get(), to_timeval(options_.command_timeout)) != REDIS_OK) {
    return tg::unexpected(io_error(*context));
  }
  bool healthy = true;
  if (!url_.password.empty()) {
    std::vector<std::string_view> auth = {"AUTH"};
    if (!url_.user.empty()) auth.emplace_back(url_.user);
    auth.emplace_back(url_.password);
    auto signed_in = send(*context, auth, healthy);
    if (!signed_in) return tg::unexpected("redis: sign-in (AUTH) failed: " + signed_in.error().substr(7));
  }
  if (url_.db != 0) {
    const std::string db = std::to_string(url_.db);
    TG_TRY(send(*context, std::vector<std::string_view>{"SELECT", db}, healthy));
  }
  return context;
}

tg::Result<ContextPtr, std::string> RedisClient::acquire() {
  std::unique_lock lock(mutex_);
  const bool got = freed_.wait_for(lock, options_.command_timeout,
                                   [&] { return !idle_.empty() || open_ < options_.max_connections; });
  if (!got) return tg::unexpected(std::string("redis: every connection is busy"));
  while (!idle_.empty()) {
    ContextPtr context = std::move(idle_.back());
    idle_.pop_back();
    if (still_open(*context)) return context;
    --open_;  // closed by Redis while idle: dropped (closed when `context` goes), and another one tried
  }
  ++open_;
  lock.unlock();
  auto connected = connect();
  if (!connected) {
    lock.lock();
    --open_;
    lock.unlock();
    freed_.notify_one();
  }
  return connected;
}

void RedisClient::release(ContextPtr context, bool healthy) {
  {
    std::lock_guard lock(mutex_);
    if (healthy) {
      idle_.push_back(std::move(context));
    } else {
      --open_;
    }
  }
  freed_.notify_one();
  // An unhealthy connection is closed here, outside the lock, when `context` goes out of scope.
}

tg::Result<ReplyPtr, std::string> RedisClient::send(redisContext& context, std::span<const std::string_view> args,
                                                    bool& healthy) const {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (std::string_view arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  ReplyPtr reply(static_cast<redisReply*>(
      redisCommandArgv(&context, static_cast<int>(argv.size()), argv.data(), lengths.data())));
  if (!reply || context.err) {
    healthy = false;
    return tg::unexpected(io_error(context));
  }
  if (reply->type == REDIS_REPLY_ERROR) return tg::unexpected(reply_error(*reply));
  return reply;
}

tg::Result<ReplyPtr, std::string> RedisClient::command(std::span<const std::string_view> args) {
  TG_TRY_ASSIGN(ContextPtr context, acquire());
  bool healthy = true;
  auto reply = send(*context, args, healthy);
  release(std::move(context), healthy);
  return reply;
}

tg::Result<ReplyPtr, std::string> RedisClient::eval(const LuaScript& script, std::span<const std::string_view> keys,
                                                    std::span<const std::string_view> args) {
  const std::string key_count = std::to_string(keys.size());
  std::vector<std::string_view> call = {"EVALSHA", script.sha1, key_count};
  call.insert(call.end(), keys.begin(), keys.end());
  call.insert(call.end(), args.begin(), args.end());
  auto reply = command(call);
  if (reply || !reply.error().starts_with("redis: NOSCRIPT")) return reply;
  // Redis does not hold the script yet (first use, or after a restart or SCRIPT FLUSH): EVAL loads it.
  call[0] = "EVAL";
  call[1] = script.source;
  return command(call);
}

std::size_t RedisClient::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

}  // namespace tg::redis
