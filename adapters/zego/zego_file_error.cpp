#include "adapters/zego/zego_file_error.hpp"

#include <string>

namespace tg::adapters::zego {

ZegoError file_error(tasks::ResolveError error, std::string_view file_id) {
  const std::string id(file_id);
  switch (error) {
    case tasks::ResolveError::kInvalid:
      return {ZegoCode::kParam, "FileId " + id + " is malformed or points outside the media root"};
    case tasks::ResolveError::kNotFound:
      return {ZegoCode::kFileNotFound, "FileId " + id + " does not exist"};
    case tasks::ResolveError::kStore:
      return internal_error("the media table could not be read");
  }
  return internal_error("FileId " + id + " could not be resolved");
}

}  // namespace tg::adapters::zego
