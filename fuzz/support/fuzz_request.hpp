#pragma once
// Fuzz input -> the requests the front doors see. The text reads like an HTTP/1.1 request: a line
// "METHOD TARGET[ VERSION]", header lines "Name: value" up to an empty line, then the body (lines end in
// "\n" or "\r\n"). Path and query are split and decoded as the HTTP edge does it, so a seed can be a
// request copied from a capture.

#include <string_view>

#include "core/api_message.hpp"

namespace tg::fuzz {

/// The request that `text` describes; never fails (missing parts stay empty).
ApiRequest request_from_text(std::string_view text);

/// True when `text` is JSON that RFC 8259 accepts (valid UTF-8 included): what a vendor's client parses.
bool is_strict_json(std::string_view text);

/// True when `text` is UTF-8 made only of XML 1.0 characters (what an XML body may hold).
bool is_xml_text(std::string_view text);

}  // namespace tg::fuzz
