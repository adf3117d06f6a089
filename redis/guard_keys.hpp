#pragma once
// The Redis keys of the rate limits and nonce scopes. Every script that reads or writes them names them
// here, so a limiter, a replay cache and a call admission on one Redis share each key's state.

#include <string>
#include <string_view>

namespace tg::redis {

/// "thumbgate:rl:<prefix><key>": a rate limit's sorted set of accepted calls.
std::string rate_limit_key(std::string_view prefix, std::string_view key);

/// "thumbgate:nonce:<prefix><scope length>:<scope>": a scope's sorted set of nonces; the length keeps two
/// scopes from sharing a key.
std::string nonce_key(std::string_view prefix, std::string_view scope);

}  // namespace tg::redis
