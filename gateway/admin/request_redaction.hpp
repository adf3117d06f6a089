#pragma once
// A task's request as received (tasks.request: {"method","path","query":[[name,value]…],"body"}) made safe to
// show: adapters store it with secrets removed, and this removes them again, so that a request stored by an
// older or careless adapter shows no signature, token, key or password either. Values of secret-looking
// names become "***" in the query, in a form or JSON body and in JSON objects at any depth; URLs anywhere
// are redacted; the server's folders are replaced (PrivateText).

#include <string>
#include <string_view>

#include "gateway/admin/admin_answer.hpp"
#include "gateway/admin/private_text.hpp"

namespace tg::gateway::admin {

/// Writes the stored request as redacted JSON, or null when `stored` is empty or not JSON.
void write_request(JsonWriter& w, std::string_view stored, const PrivateText& text);

/// A form body or query string ("a=1&Signature=x") with the values of secret names replaced by "***".
std::string redact_form(std::string_view form);

}  // namespace tg::gateway::admin
