#pragma once
// Owning handles for hiredis objects: a connection (redisContext) and a reply (redisReply).

#include <hiredis/hiredis.h>

#include <memory>

namespace tg::redis {

struct ContextDeleter {
  void operator()(redisContext* context) const noexcept { redisFree(context); }
};
struct ReplyDeleter {
  void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};

using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

}  // namespace tg::redis
