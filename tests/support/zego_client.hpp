#pragma once
// Builds signed ZEGO Signature 2.0 request URLs the way ZEGO's own samples do.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tg::testing {

struct ZegoCredentials {
  std::string app_id;
  std::string server_secret;
};

/// `base_url` + "/?" + params + AppId, SignatureNonce (fresh unless given), Timestamp, Signature,
/// SignatureVersion=2.0. Values are percent-encoded; names are sent as given (so "ExtTimeOffsetSet[]"
/// goes out literally, "ExtTimeOffsetSet%5B%5D" encoded).
std::string zego_url(const std::string& base_url, const ZegoCredentials& creds,
                     const std::vector<std::pair<std::string, std::string>>& params, int64_t timestamp = 0,
                     const std::string& nonce = "");

/// The decoded value of a top-level JSON member path such as "Data.Tencent.TaskId" ("" if absent);
/// numbers are returned as their decimal text.
std::string json_field(const std::string& json, const std::string& path);

/// The strings of the JSON array at `path` (empty if absent or not an array of strings).
std::vector<std::string> json_strings(const std::string& json, const std::string& path);

}  // namespace tg::testing
