#include "gateway/admin/request_redaction.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/redaction.hpp"
#include "signing/percent_encoding.hpp"

namespace tg::gateway::admin {

namespace {

constexpr int kMaxDepth = 32;
constexpr std::string_view kHidden = "***";

void write_value(JsonWriter& w, const rapidjson::Value& value, const PrivateText& text, int depth);

void write_text(JsonWriter& w, std::string_view value, const PrivateText& text) {
  write_string(w, text.scrub(value));
}

// A body: JSON is redacted as JSON (and written as the text it was), a form as a form, other text scrubbed.
void write_body(JsonWriter& w, std::string_view body, const PrivateText& text) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (!doc.HasParseError() && (doc.IsObject() || doc.IsArray())) {
    rapidjson::StringBuffer buffer;
    JsonWriter inner(buffer);
    write_value(inner, doc, text, 0);
    write_string(w, std::string_view(buffer.GetString(), buffer.GetSize()));
    return;
  }
  if (body.find('=') != std::string_view::npos && body.find_first_of(" \n{<") == std::string_view::npos) {
    write_string(w, text.scrub(redact_form(body)));
    return;
  }
  write_text(w, body, text);
}

// A [name, value] pair of the query list.
void write_pair(JsonWriter& w, const rapidjson::Value& pair, const PrivateText& text, int depth) {
  if (!pair.IsArray() || pair.Size() != 2 || !pair[0].IsString()) return write_value(w, pair, text, depth + 1);
  const std::string_view name(pair[0].GetString(), pair[0].GetStringLength());
  w.StartArray();
  write_text(w, name, text);
  if (is_credential_name(name)) {
    write_string(w, kHidden);
  } else {
    write_value(w, pair[1], text, depth + 1);
  }
  w.EndArray();
}

void write_value(JsonWriter& w, const rapidjson::Value& value, const PrivateText& text, int depth) {
  if (depth > kMaxDepth) {
    w.Null();
    return;
  }
  if (value.IsObject()) {
    w.StartObject();
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      const std::string_view name(it->name.GetString(), it->name.GetStringLength());
      const std::string key = text.scrub(name);
      w.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
      if (is_credential_name(name)) {
        write_string(w, kHidden);
      } else if (depth == 0 && name == "body" && it->value.IsString()) {
        write_body(w, std::string_view(it->value.GetString(), it->value.GetStringLength()), text);
      } else if ((name == "query" || name == "headers" || name == "form") && it->value.IsArray()) {
        w.StartArray();
        for (const auto& pair : it->value.GetArray()) write_pair(w, pair, text, depth + 1);
        w.EndArray();
      } else {
        write_value(w, it->value, text, depth + 1);
      }
    }
    w.EndObject();
    return;
  }
  if (value.IsArray()) {
    w.StartArray();
    for (const auto& item : value.GetArray()) write_value(w, item, text, depth + 1);
    w.EndArray();
    return;
  }
  if (value.IsString()) {
    write_text(w, std::string_view(value.GetString(), value.GetStringLength()), text);
    return;
  }
  value.Accept(w);
}

}  // namespace

std::string redact_form(std::string_view form) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= form.size()) {
    std::size_t amp = form.find('&', pos);
    if (amp == std::string_view::npos) amp = form.size();
    const std::string_view part = form.substr(pos, amp - pos);
    if (pos != 0) out.push_back('&');
    const std::size_t eq = part.find('=');
    const std::string_view raw_name = part.substr(0, eq);
    std::string name(raw_name);
    std::replace(name.begin(), name.end(), '+', ' ');
    const auto decoded = signing::percent_decode(name);
    if (eq != std::string_view::npos && is_credential_name(decoded ? *decoded : name)) {
      out += raw_name;
      out += "=";
      out += kHidden;
    } else {
      out += part;
    }
    pos = amp + 1;
  }
  return out;
}

void write_request(JsonWriter& w, std::string_view stored, const PrivateText& text) {
  rapidjson::Document doc;
  doc.Parse(stored.data(), stored.size());
  if (stored.empty() || doc.HasParseError() || !doc.IsObject()) {
    w.Null();
    return;
  }
  write_value(w, doc, text, 0);
}

}  // namespace tg::gateway::admin
