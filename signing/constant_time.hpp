#pragma once
// Comparing secrets (signatures, tokens) in time that does not depend on where they differ.

#include <string_view>

namespace tg::signing {

/// True when a and b are byte-equal; time depends only on the lengths, never on the content.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace tg::signing
