#pragma once
// What a client is told when the task store fails. The store's own words are for the operator: they can
// name the database's host, port, user or file, or quote the database library, so they go to the log
// (with what was being done) and the client gets one fixed sentence, in its vendor's envelope.

#include <string>
#include <string_view>

#include "tasks/store_result.hpp"

namespace tg::adapters {

/// The sentence a client gets for any failure of the task store.
inline constexpr std::string_view kStoreUnavailable = "the task store is temporarily unavailable, try again later";

/// Logs `error` (as an error, with `what`) and returns kStoreUnavailable.
std::string store_failure(const tasks::StoreError& error, std::string_view what);

}  // namespace tg::adapters
