#include "adapters/aliyun_ice/oss_location.hpp"

#include <algorithm>
#include <cctype>

#include "adapters/common/query_string.hpp"
#include "core/path_containment.hpp"

namespace tg::adapters::aliyun_ice {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

bool safe_object_key(std::string_view key) {
  if (key.empty() || key.size() > 1023 || key.front() == '/') return false;
  if (has_dot_dot_segment(key) || key.find("//") != std::string_view::npos) return false;
  return std::none_of(key.begin(), key.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f || c == '\\';
  });
}

OssLocationResult parse_oss_location(std::string_view media) {
  OssLocationResult result;
  std::string bucket;
  std::string object;
  if (starts_with_nocase(media, "oss://")) {
    std::string_view rest = media.substr(6);
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0) return result;
    bucket = std::string(rest.substr(0, slash));
    object = std::string(rest.substr(slash + 1));
  } else {
    std::string_view rest;
    if (starts_with_nocase(media, "http://")) {
      rest = media.substr(7);
    } else if (starts_with_nocase(media, "https://")) {
      rest = media.substr(8);
    } else {
      return result;
    }
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return result;
    std::string host(rest.substr(0, slash));
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
    // <bucket>.oss-<region>[-internal].aliyuncs.com
    const auto dot = host.find('.');
    if (dot == std::string::npos || dot == 0 || !ends_with(host, ".aliyuncs.com")) return result;
    const std::string endpoint = host.substr(dot + 1, host.size() - dot - 1 - std::string_view(".aliyuncs.com").size());
    if (endpoint.rfind("oss-", 0) != 0 || endpoint.size() <= 4 || endpoint.find('.') != std::string::npos) {
      return result;
    }
    bucket = host.substr(0, dot);
    std::string_view path = rest.substr(slash + 1);
    if (path.find_first_of("?#") != std::string_view::npos) {
      result.error = OssLocationError::kBadObject;
      return result;
    }
    auto decoded = percent_decode(path, false);
    if (!decoded) {
      result.error = OssLocationError::kBadObject;
      return result;
    }
    object = std::move(*decoded);
  }
  if (bucket.empty()) return result;
  if (!safe_object_key(object)) {
    result.error = OssLocationError::kBadObject;
    return result;
  }
  result.location = OssLocation{std::move(bucket), std::move(object)};
  return result;
}

}  // namespace tg::adapters::aliyun_ice
