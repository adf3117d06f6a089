#include "support/fuzz_request.hpp"

#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "gateway/request_target.hpp"

namespace tg::fuzz {
namespace {

// The next line of `text` from `pos` without its "\n" or "\r\n"; moves `pos` past it.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  std::size_t end = text.find('\n', pos);
  std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
  pos = end == std::string_view::npos ? text.size() + 1 : end + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

ApiRequest request_from_text(std::string_view text) {
  ApiRequest out;
  std::size_t pos = 0;
  std::string_view request_line = next_line(text, pos);
  std::size_t space = request_line.find(' ');
  out.method = std::string(request_line.substr(0, space));
  if (space != std::string_view::npos) {
    std::string_view rest = request_line.substr(space + 1);
    out.target = std::string(rest.substr(0, rest.find(' ')));
  }
  while (pos <= text.size()) {
    std::string_view line = next_line(text, pos);
    if (line.empty()) break;
    std::size_t colon = line.find(':');
    std::string name(trim(line.substr(0, colon)));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string_view value = colon == std::string_view::npos ? std::string_view() : trim(line.substr(colon + 1));
    out.headers.emplace_back(std::move(name), std::string(value));
  }
  if (pos < text.size()) out.body = std::string(text.substr(pos));
  out.remote_address = "127.0.0.1";

  gateway::decode_target(out);
  return out;
}

bool is_xml_text(std::string_view text) {
  rapidjson::MemoryStream bytes(text.data(), text.size());
  while (bytes.Tell() < text.size()) {
    unsigned code = 0;
    if (!rapidjson::UTF8<>::Decode(bytes, &code)) return false;
    const bool xml_char = code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
                          (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
    if (!xml_char) return false;
  }
  return true;
}

bool is_strict_json(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  return !doc.HasParseError();
}

}  // namespace tg::fuzz
