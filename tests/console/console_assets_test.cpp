// The admin console's files are compiled into the binary whole, with the types the gateway serves them as,
// and only under their exact names.

#include "console/console_assets.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "support/source_tree.hpp"

namespace {

using tg::console::find_console_asset;

std::string read_source(const std::string& name) {
  std::ifstream in(tg::testing::source_tree() / "console" / name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ConsoleAssets, EveryFileIsEmbeddedWholeWithItsType) {
  const struct {
    const char* name;
    const char* content_type;
  } expected[] = {{"index.html", "text/html; charset=utf-8"},
                  {"app.js", "text/javascript; charset=utf-8"},
                  {"app.css", "text/css; charset=utf-8"}};
  for (const auto& e : expected) {
    const auto* asset = find_console_asset(e.name);
    ASSERT_NE(asset, nullptr) << e.name;
    EXPECT_EQ(asset->name, e.name);
    EXPECT_EQ(asset->content_type, e.content_type);
    EXPECT_FALSE(asset->body.empty()) << e.name;
    EXPECT_EQ(asset->body, read_source(e.name)) << e.name << " differs from console/" << e.name;
  }
}

TEST(ConsoleAssets, ThePageLoadsOnlyItsOwnScriptAndStyle) {
  const auto* page = find_console_asset("index.html");
  ASSERT_NE(page, nullptr);
  std::string html(page->body);
  EXPECT_NE(html.find(R"(<script src="app.js")"), std::string::npos);
  EXPECT_NE(html.find(R"(<link rel="stylesheet" href="app.css">)"), std::string::npos);
  // The CSP allows neither inline script nor inline style, nor anything from another origin.
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<style"), std::string::npos);
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(\son[a-z]+\s*=)", std::regex::icase)))
      << "inline event handler";
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("//cdn"), std::string::npos);
}

TEST(ConsoleAssets, TheScriptNeverParsesHtml) {
  const auto* script = find_console_asset("app.js");
  ASSERT_NE(script, nullptr);
  std::string js(script->body);
  for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                           "new Function", "setAttribute('style'", "http://", "https://"}) {
    EXPECT_EQ(js.find(sink), std::string::npos) << sink;
  }
}

TEST(ConsoleAssets, OnlyExactNamesAreFound) {
  for (const char* name : {"", "index", "INDEX.HTML", "/index.html", "./app.js", "../app.js", "app.js/",
                           "app.css ", "console/app.css", "admin/index.html", "app.js%00"}) {
    EXPECT_EQ(find_console_asset(name), nullptr) << '"' << name << '"';
  }
  EXPECT_EQ(find_console_asset(std::string_view("app.js\0x", 8)), nullptr);
}

}  // namespace
