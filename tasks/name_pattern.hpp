#pragma once
// Output file names of a job: the name pattern's placeholders filled in, and checked to be a plain
// file name so that no output can land outside its task's folder.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tg::tasks {

/// `pattern` with {n} -> n, {n+1} -> n + 1, {ms} -> ms, {s} -> ms / 1000 (whole seconds); {n:0W} and
/// {n+1:0W} pad the number with zeros to W digits (W = 1..9), e.g. {n+1:05} -> "00001" for n = 0. Any
/// other '{' is an error, and so is a result that is not a plain file name.
tg::Result<std::string, std::string> expand_name_pattern(std::string_view pattern, int64_t n, int64_t ms);

/// 1..255 bytes, no '/', '\\', NUL or other control characters, no "..", and not ".".
bool is_plain_file_name(std::string_view name);

}  // namespace tg::tasks
