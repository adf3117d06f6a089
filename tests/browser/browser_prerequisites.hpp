#pragma once
// What a browser test needs (node, Debian's chromium, tests/browser/node_modules) and what it does without:
// skipped on a developer's machine, a failure under CI.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/source_tree.hpp"

namespace tg::testing {

/// Why a browser test cannot run here, or "" when it can.
inline std::string missing_browser_prerequisite() {
  namespace fs = std::filesystem;
  if (std::string(TG_NODE_BIN).empty() || !fs::exists(TG_NODE_BIN)) return "node is not installed";
  if (!fs::exists("/usr/bin/chromium")) return "/usr/bin/chromium is not installed (scripts/setup.sh --test)";
  if (!fs::exists(source_tree() / "tests/browser/node_modules/playwright-core/package.json")) {
    return "tests/browser/node_modules is missing (npm ci in tests/browser, as scripts/test.sh does)";
  }
  return "";
}

}  // namespace tg::testing

/// Skips the test (no CI) or fails it (CI) when the browser cannot run.
#define TG_REQUIRE_BROWSER()                                                                  \
  do {                                                                                        \
    const std::string tg_missing_ = ::tg::testing::missing_browser_prerequisite();            \
    if (!tg_missing_.empty()) {                                                               \
      if (std::getenv("CI") == nullptr) GTEST_SKIP() << tg_missing_;                          \
      FAIL() << "CI is set but the browser test cannot run: " << tg_missing_;                 \
    }                                                                                         \
  } while (false)
