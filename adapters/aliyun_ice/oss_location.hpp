#pragma once
// OSS addresses as ICE takes them in Input.Media and Output.Media: "oss://<bucket>/<object>" or
// "http(s)://<bucket>.oss-<region>[-internal].aliyuncs.com/<object>" (the object percent-encoded there).

#include <optional>
#include <string>
#include <string_view>

namespace tg::adapters::aliyun_ice {

struct OssLocation {
  std::string bucket;
  std::string object;  // decoded key, never empty, never starting with '/'
};

enum class OssLocationError {
  kNotOss,      // neither form
  kBadObject,   // empty, absolute, with '..' segments, NUL, control characters or a backslash
};

struct OssLocationResult {
  std::optional<OssLocation> location;
  OssLocationError error = OssLocationError::kNotOss;
};

/// Splits `media` into bucket and object key.
OssLocationResult parse_oss_location(std::string_view media);

/// True for an object key that cannot lead outside its bucket's folder: not empty, no leading '/', no
/// '..' or empty segments, no NUL, control characters or backslashes.
bool safe_object_key(std::string_view key);

}  // namespace tg::adapters::aliyun_ice
