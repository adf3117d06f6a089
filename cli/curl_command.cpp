#include "cli/curl_command.hpp"

namespace tg::cli {

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

std::string curl_command(const CurlRequest& request) {
  std::string out = "curl";
  const bool inferred = request.method == (request.body.empty() ? "GET" : "POST");
  if (!inferred) out += " -X " + shell_quote(request.method);
  for (const std::string& header : request.headers) out += " -H " + shell_quote(header);
  if (!request.body.empty()) out += " --data-raw " + shell_quote(request.body);
  if (!request.output_file.empty()) out += " -o " + shell_quote(request.output_file);
  out += " " + shell_quote(request.url);
  return out;
}

}  // namespace tg::cli
