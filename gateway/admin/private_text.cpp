#include "gateway/admin/private_text.hpp"

#include <algorithm>
#include <filesystem>

#include "core/path_containment.hpp"
#include "core/redaction.hpp"

namespace tg::gateway::admin {

namespace fs = std::filesystem;

namespace {

void add_forms(const std::string& path, const std::string& shown,
               std::vector<std::pair<std::string, std::string>>& out) {
  if (path.empty()) return;
  std::string given = path;
  while (given.size() > 1 && given.back() == '/') given.pop_back();
  out.emplace_back(given, shown);
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  if (!ec) out.emplace_back(absolute.lexically_normal().string(), shown);
  if (auto canonical = canonical_path(path)) out.emplace_back(canonical->string(), shown);
  for (auto& form : out) {
    while (form.first.size() > 1 && form.first.back() == '/') form.first.pop_back();
  }
}

void longest_first(std::vector<std::pair<std::string, std::string>>& folders) {
  std::erase_if(folders, [](const auto& f) { return f.first.empty() || f.first == "/" || f.first == "."; });
  std::stable_sort(folders.begin(), folders.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string replace_all(std::string text, const std::string& needle, const std::string& with) {
  std::size_t at = 0;
  while ((at = text.find(needle, at)) != std::string::npos) {
    text.replace(at, needle.size(), with);
    at += with.size();
  }
  return text;
}

}  // namespace

PrivateText::PrivateText(const std::vector<std::pair<std::string, std::string>>& folders) {
  for (const auto& [path, shown] : folders) add_forms(path, shown, folders_);
  longest_first(folders_);
}

std::string PrivateText::scrub(std::string_view text,
                               const std::vector<std::pair<std::string, std::string>>& extra) const {
  std::string out = redact_urls_in(text);
  std::vector<std::pair<std::string, std::string>> all;
  for (const auto& [path, shown] : extra) add_forms(path, shown, all);
  all.insert(all.end(), folders_.begin(), folders_.end());
  longest_first(all);
  for (const auto& [path, shown] : all) out = replace_all(std::move(out), path, shown);
  return out;
}

}  // namespace tg::gateway::admin
