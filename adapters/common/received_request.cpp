#include "adapters/common/received_request.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "adapters/common/query_string.hpp"
#include "core/redaction.hpp"
#include "core/utf8.hpp"

namespace tg::adapters {
namespace {

constexpr size_t kMaxBodyBytes = 16 * 1024;
constexpr size_t kMaxDepth = 32;  // deeper JSON bodies are kept as their size only

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_text(Writer& writer, std::string_view text) {
  const std::string valid = valid_utf8(text);
  writer.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

// A value as it may be shown: redacted under a credential's name; URLs in it without their credentials.
void write_value(Writer& writer, std::string_view name, std::string_view value) {
  if (is_credential_name(name)) {
    write_text(writer, kRedacted);
  } else {
    write_text(writer, redact_urls_in(value));
  }
}

void write_pairs(Writer& writer, const std::vector<std::pair<std::string, std::string>>& pairs) {
  writer.StartArray();
  for (const auto& [name, value] : pairs) {
    writer.StartArray();
    write_text(writer, name);
    write_value(writer, name, value);
    writer.EndArray();
  }
  writer.EndArray();
}

bool depth_within(const rapidjson::Value& value, size_t depth) {
  if (depth > kMaxDepth) return false;
  if (value.IsObject()) {
    for (const auto& member : value.GetObject()) {
      if (!depth_within(member.value, depth + 1)) return false;
    }
  } else if (value.IsArray()) {
    for (const auto& item : value.GetArray()) {
      if (!depth_within(item, depth + 1)) return false;
    }
  }
  return true;
}

// `value` with the members named like credentials redacted, whatever their type.
void write_json(Writer& writer, const rapidjson::Value& value, std::string_view name) {
  if (!name.empty() && is_credential_name(name)) {
    write_text(writer, kRedacted);
    return;
  }
  if (value.IsObject()) {
    writer.StartObject();
    for (const auto& member : value.GetObject()) {
      const std::string_view key(member.name.GetString(), member.name.GetStringLength());
      write_text(writer, key);
      write_json(writer, member.value, key);
    }
    writer.EndObject();
  } else if (value.IsArray()) {
    writer.StartArray();
    for (const auto& item : value.GetArray()) write_json(writer, item, name);
    writer.EndArray();
  } else if (value.IsString()) {
    write_value(writer, name, std::string_view(value.GetString(), value.GetStringLength()));
  } else {
    value.Accept(writer);
  }
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

void write_body(Writer& writer, const ApiRequest& request) {
  writer.StartObject();
  const std::string type = lowercase(request.header("content-type").value_or(""));
  if (request.body.size() <= kMaxBodyBytes) {
    if (type.starts_with("application/x-www-form-urlencoded")) {
      if (auto pairs = parse_query(request.body)) {
        writer.Key("form");
        write_pairs(writer, *pairs);
        writer.EndObject();
        return;
      }
    } else if (type.find("json") != std::string::npos) {
      rapidjson::Document document;
      document.Parse<rapidjson::kParseIterativeFlag>(request.body.data(), request.body.size());
      if (!document.HasParseError() && depth_within(document, 0)) {
        writer.Key("json");
        write_json(writer, document, "");
        writer.EndObject();
        return;
      }
    }
  }
  // Anything else (XML, malformed, too big) is not shown: it may hold credentials in a shape not parsed here.
  writer.Key("bytes");
  writer.Uint64(request.body.size());
  writer.EndObject();
}

}  // namespace

std::string received_request_json(const ApiRequest& request) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("method");
  write_text(writer, request.method);
  writer.Key("path");
  write_text(writer, request.path);
  writer.Key("query");
  write_pairs(writer, request.query);
  if (!request.body.empty()) {
    writer.Key("body");
    write_body(writer, request);
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace tg::adapters
