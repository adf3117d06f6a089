#pragma once
// The server's request log as a test reads it: the JSON "request served" lines on its stderr.

#include <rapidjson/document.h>

#include <sstream>
#include <string>

namespace tg::testing {

/// True when `output` holds a "request served" line of `vendor` naming `app` and `task_id`.
inline bool has_served_line(const std::string& output, const std::string& vendor, const std::string& app,
                            const std::string& task_id) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() != '{') continue;
    rapidjson::Document doc;
    if (doc.Parse(line.c_str()).HasParseError() || !doc.IsObject()) continue;
    auto text = [&doc](const char* key) {
      return doc.HasMember(key) && doc[key].IsString() ? std::string(doc[key].GetString()) : std::string();
    };
    if (text("message") == "request served" && text("vendor") == vendor && text("app") == app &&
        text("task_id") == task_id) {
      return true;
    }
  }
  return false;
}

}  // namespace tg::testing
