#pragma once
// A small thread-safe pool of connections to one Redis: each call borrows a connection, sends one command
// and reads its reply within the timeouts. A connection that failed (I/O error, timeout, protocol error)
// is closed, and the next call opens a new one; so is an idle one Redis closed meanwhile (a restart), found
// before a call is sent on it. Connections are opened on first use, so a client can be
// made while Redis is down. Errors are values whose messages never carry the password.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "redis/redis_handles.hpp"
#include "redis/redis_url.hpp"

namespace tg::redis {

/// A Lua script run with EVALSHA (EVAL when Redis does not hold it yet).
struct LuaScript {
  explicit LuaScript(std::string source);
  std::string source;
  std::string sha1;  // lowercase hex, as EVALSHA takes it
};

class RedisClient {
 public:
  struct Options {
    std::chrono::milliseconds connect_timeout{500};
    std::chrono::milliseconds command_timeout{500};  // each read and write, and the wait for a free connection
    std::size_t max_connections = 8;
  };

  RedisClient(RedisUrl url, Options options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  /// A client for `url` (see parse_redis_url); no connection is opened yet.
  static tg::Result<std::unique_ptr<RedisClient>, std::string> create(std::string_view url, Options options);
  static tg::Result<std::unique_ptr<RedisClient>, std::string> create(std::string_view url) {
    return create(url, Options{});
  }

  /// Sends one command (binary-safe arguments). An error reply of Redis is an error value too.
  tg::Result<ReplyPtr, std::string> command(std::span<const std::string_view> args);
  tg::Result<ReplyPtr, std::string> command(std::initializer_list<std::string_view> args) {
    return command(std::span<const std::string_view>(args.begin(), args.size()));
  }

  /// Runs `script` with `keys` and `args`: EVALSHA, and EVAL when Redis answers NOSCRIPT.
  tg::Result<ReplyPtr, std::string> eval(const LuaScript& script, std::span<const std::string_view> keys,
                                         std::span<const std::string_view> args);

  /// Connections open now (idle or in use).
  std::size_t open_connections() const;

 private:
  tg::Result<ContextPtr, std::string> connect() const;
  tg::Result<ContextPtr, std::string> acquire();
  void release(ContextPtr context, bool healthy);
  // Sends on `context`; `healthy` false when the connection must not be used again.
  tg::Result<ReplyPtr, std::string> send(redisContext& context, std::span<const std::string_view> args,
                                         bool& healthy) const;

  const RedisUrl url_;
  const Options options_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<ContextPtr> idle_;
  std::size_t open_ = 0;
};

}  // namespace tg::redis
