#pragma once
// Shared helpers of the ZEGO adapter tests: requests from query pairs or a target, settings with one
// app, the repository's schemas/zego fixtures, and a JSON shape comparison.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/zego/zego_settings.hpp"
#include "core/api_message.hpp"
#include "signing/zego_signature.hpp"
#include "support/source_tree.hpp"

namespace tg::adapters::zego::testing {

inline constexpr const char* kAppId = "12345";
inline constexpr const char* kSecret = "9193cc662a4c0ec135ec71fb57194b38";

using Pairs = std::vector<std::pair<std::string, std::string>>;

inline ApiRequest make_request(Pairs query) {
  ApiRequest request;
  request.method = "GET";
  request.path = "/";
  request.query = std::move(query);
  return request;
}

// Percent-decoding ('+' is a space) of one query component, as the gateway does it.
inline std::string decode_component(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

/// A request for `target` ("/?a=b&..."), its query decoded the way the gateway does (literal "[]"
/// allowed, as browsers and ZEGO's examples send it).
inline ApiRequest request_from_target(const std::string& target) {
  ApiRequest request;
  request.method = "GET";
  request.target = target;
  const auto question = target.find('?');
  request.path = decode_component(target.substr(0, question));
  if (question == std::string::npos) return request;
  request.raw_query = target.substr(question + 1);
  std::string_view rest = request.raw_query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    request.query.emplace_back(decode_component(pair.substr(0, eq)),
                               eq == std::string_view::npos ? "" : decode_component(pair.substr(eq + 1)));
  }
  return request;
}

/// Common parameters signed with kSecret for AppId kAppId at `timestamp`, followed by `extra`.
inline Pairs signed_pairs(Pairs extra, int64_t timestamp, const std::string& nonce,
                          const std::string& secret = kSecret, const std::string& app_id = kAppId) {
  const std::string ts = std::to_string(timestamp);
  Pairs out{{"AppId", app_id},
            {"SignatureNonce", nonce},
            {"Timestamp", ts},
            {"Signature", signing::zego_signature(app_id, nonce, secret, ts)},
            {"SignatureVersion", "2.0"}};
  for (auto& p : extra) out.push_back(std::move(p));
  return out;
}

inline ZegoApp make_app() {
  ZegoApp app;
  app.app_id = kAppId;
  app.server_secret = kSecret;
  app.callback_url = "http://127.0.0.1:9/zego-callback";
  app.callback_secret = "secret";
  return app;
}

inline ZegoSettings make_settings() {
  ZegoSettings settings;
  settings.apps.push_back(make_app());
  settings.public_base_url = "http://127.0.0.1:8080";
  return settings;
}

inline std::filesystem::path repo_root() {
  return tg::testing::source_tree();
}

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(repo_root() / "schemas" / "zego" / name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "fixture " << name;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Empty when `actual` has exactly the members and value types of `expected` (recursively; arrays
/// compare their first element's shape); otherwise the first difference, as a path.
inline std::string shape_difference(const rapidjson::Value& expected, const rapidjson::Value& actual,
                                    const std::string& path = "$") {
  if (expected.GetType() != actual.GetType()) {
    // JSON numbers: int vs uint spellings share one type in RapidJSON; anything else is a mismatch.
    return path + ": type differs";
  }
  if (expected.IsObject()) {
    if (expected.MemberCount() != actual.MemberCount()) return path + ": member count differs";
    for (auto it = expected.MemberBegin(); it != expected.MemberEnd(); ++it) {
      auto found = actual.FindMember(it->name);
      const std::string sub = path + "." + it->name.GetString();
      if (found == actual.MemberEnd()) return sub + ": missing";
      if (auto diff = shape_difference(it->value, found->value, sub); !diff.empty()) return diff;
    }
  }
  if (expected.IsArray() && !expected.Empty() && !actual.Empty()) {
    return shape_difference(expected[0], actual[0], path + "[0]");
  }
  return "";
}

inline rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  EXPECT_FALSE(doc.HasParseError()) << text;
  return doc;
}

}  // namespace tg::adapters::zego::testing
