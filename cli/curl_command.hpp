#pragma once
// A curl command line that sends one exact request when pasted into a POSIX shell: every word in single
// quotes, so no character of a URL, header or body is read by the shell.

#include <string>
#include <string_view>
#include <vector>

namespace tg::cli {

/// `text` as one shell word: in single quotes, each ' written as '\''.
std::string shell_quote(std::string_view text);

struct CurlRequest {
  std::string method = "GET";        // -X is written only for a method curl would not infer
  std::string url;
  std::vector<std::string> headers;  // "Name: value", each an -H
  std::string body;                  // sent as is with --data-raw (no @file reading) when not empty
  std::string output_file;           // -o FILE when not empty (for binary answers)
};

/// "curl [-X METHOD] [-H '…']… [--data-raw '…'] [-o '…'] 'URL'".
std::string curl_command(const CurlRequest& request);

}  // namespace tg::cli
