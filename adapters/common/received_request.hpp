#pragma once
// The request a task was created from, as an operator may see it (the admin console's task page): method,
// path, query and body as received, with every credential taken out. Kept with the task as JSON text:
//   {"method":"GET","path":"/","query":[["Action","MediaThumbnails"],["Signature","***"],…],
//    "body":{"form":[[…]]} | {"json":…} | {"bytes":N}}
// Redacted: the value of every parameter or JSON member whose name is a credential's
// (core/redaction.hpp is_credential_name), and the user information and query values of every URL in a
// value. Headers are not kept (they carry the Authorization of several vendors).

#include <string>
#include <string_view>

#include "core/api_message.hpp"

namespace tg::adapters {

/// The value that stands for a redacted one.
inline constexpr std::string_view kRedacted = "***";

/// `request` as the JSON text above; bodies larger than 16 KiB are kept as their size only.
std::string received_request_json(const ApiRequest& request);

}  // namespace tg::adapters
