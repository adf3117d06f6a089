#include "tasks/name_pattern.hpp"

namespace tg::tasks {

bool is_plain_file_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == ".") return false;
  if (name.find("..") != std::string_view::npos) return false;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\' || byte < 0x20 || byte == 0x7F) return false;
  }
  return true;
}

tg::Result<std::string, std::string> expand_name_pattern(std::string_view pattern, int64_t n, int64_t ms) {
  std::string name;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] != '{') {
      name += pattern[i++];
      continue;
    }
    std::string_view rest = pattern.substr(i);
    if (rest.starts_with("{n}")) {
      name += std::to_string(n);
      i += 3;
    } else if (rest.starts_with("{ms}")) {
      name += std::to_string(ms);
      i += 4;
    } else if (rest.starts_with("{s}")) {
      name += std::to_string(ms / 1000);
      i += 3;
    } else {
      return tg::unexpected("name pattern \"" + std::string(pattern) + "\": unknown placeholder at offset " +
                            std::to_string(i) + " (use {n}, {ms} or {s})");
    }
  }
  if (!is_plain_file_name(name)) {
    return tg::unexpected("name pattern \"" + std::string(pattern) + "\" gives \"" + name +
                          "\", which is not a plain file name");
  }
  return name;
}

}  // namespace tg::tasks
