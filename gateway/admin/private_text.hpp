#pragma once
// Text the admin API shows (error messages, callback errors, receivers' answers) without what it must never
// show: URLs lose their user information and query values (core/redaction), and the server's own folders
// (data_dir, media_root, an output bucket's folder) are replaced by a name for them.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tg::gateway::admin {

class PrivateText {
 public:
  /// `folders`: {path, shown as}, e.g. {"/srv/thumbgate-data", "<data_dir>"}. Each path is matched as given,
  /// absolute and canonical.
  explicit PrivateText(const std::vector<std::pair<std::string, std::string>>& folders = {});

  /// `text` redacted; `extra` folders (a task's own input or output folder) are replaced too.
  std::string scrub(std::string_view text,
                    const std::vector<std::pair<std::string, std::string>>& extra = {}) const;

 private:
  std::vector<std::pair<std::string, std::string>> folders_;  // longest first
};

}  // namespace tg::gateway::admin
