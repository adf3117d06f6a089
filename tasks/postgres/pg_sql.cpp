#include "tasks/postgres/pg_sql.hpp"

#include <cctype>

namespace tg::tasks {

std::string postgres_sql(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '?' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out += '$';
      continue;
    }
    const bool word_start = i == 0 || !std::isalnum(static_cast<unsigned char>(sql[i - 1]));
    if (word_start && sql.substr(i, 5) == "LIKE " ) {
      out += "ILIKE ";
      i += 4;
      continue;
    }
    out += c;
  }
  return out;
}

std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const std::string& value : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace tg::tasks
