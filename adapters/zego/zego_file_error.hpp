#pragma once
// What the caller is told when the gateway cannot turn a FileId into an input.

#include <string_view>

#include "adapters/zego/zego_error.hpp"
#include "tasks/media_resolver.hpp"

namespace tg::adapters::zego {

/// kInvalid -> Code 2 (malformed or outside the media root), kNotFound -> Code 41003, kStore -> Code 1000.
ZegoError file_error(tasks::ResolveError error, std::string_view file_id);

}  // namespace tg::adapters::zego
