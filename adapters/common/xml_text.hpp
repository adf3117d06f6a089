#pragma once
// Text placed inside an XML document (the error bodies of the bucket-style APIs and XML answers).

#include <string>
#include <string_view>

namespace tg::adapters {

/// XML text with &, <, >, ' and " escaped; what XML 1.0 text cannot hold (control characters, U+FFFE, U+FFFF,
/// bytes that are not UTF-8) becomes '?' or U+FFFD.
std::string xml_escape(std::string_view text);

}  // namespace tg::adapters
