#pragma once
// Protocol-neutral request and response that the gateway hands to adapters and gets back from them.
// Adapters see only these; Beast stays in gateway/server.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tg {

struct ApiRequest {
  std::string method;        // "GET", "POST", ...
  std::string target;        // the raw request target as received (may be absolute-form)
  std::string path;          // percent-decoded path, e.g. "/", "/v2/index.php", "/folder/a.mp4"
  std::string raw_path;      // the path as sent, still percent-encoded
  std::string raw_query;     // the query as sent, still percent-encoded, without '?'
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order, duplicates kept
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased, in order
  std::string body;
  std::string remote_address;
  std::string decode_error;  // non-empty when the path or query had a malformed %-escape

  /// First decoded query value for `name`, if present.
  std::optional<std::string> query_value(std::string_view name) const;
  /// All decoded query values for `name`, in order.
  std::vector<std::string> query_values(std::string_view name) const;
  /// First header value for a lowercase `name`, if present.
  std::optional<std::string> header(std::string_view name) const;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// When set, the gateway streams this file as the body instead of `body`.
  std::string file_path;
  /// Facts for the server's request log only, never sent: e.g. {"app", …}, {"task_id", …},
  /// {"vendor_request_id", …}. No credentials.
  std::vector<std::pair<std::string, std::string>> log_fields;
};

/// Completes a request; may be called from any thread, exactly once, and must not outlive the server.
using Respond = std::function<void(ApiResponse)>;

/// A 200 response carrying `json` as application/json.
ApiResponse json_response(std::string json);

}  // namespace tg
