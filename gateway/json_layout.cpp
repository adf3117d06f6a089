#include "gateway/json_layout.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace tg::gateway {
namespace {

std::string scalar_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string one_line(const rapidjson::Value& value) {
  std::string text;
  if (value.IsObject()) {
    text = "{";
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      if (it != value.MemberBegin()) text += ", ";
      text += scalar_text(it->name) + ": " + one_line(it->value);
    }
    return text + "}";
  }
  if (value.IsArray()) {
    text = "[";
    for (auto it = value.Begin(); it != value.End(); ++it) {
      if (it != value.Begin()) text += ", ";
      text += one_line(*it);
    }
    return text + "]";
  }
  return scalar_text(value);
}

// `prefix`: the columns before the value on its line after the indent (its key); +1 for a trailing comma.
void lay_out(const rapidjson::Value& value, std::size_t indent, std::size_t prefix, std::size_t width,
             std::string& out) {
  std::string line = one_line(value);
  const bool empty = (value.IsObject() && value.MemberCount() == 0) || (value.IsArray() && value.Empty());
  if ((!value.IsObject() && !value.IsArray()) || empty || indent + prefix + line.size() + 1 <= width) {
    out += line;
    return;
  }
  const std::string pad(indent + 2, ' ');
  if (value.IsObject()) {
    out += "{\n";
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      const std::string key = scalar_text(it->name) + ": ";
      out += pad + key;
      lay_out(it->value, indent + 2, key.size(), width, out);
      out += std::next(it) == value.MemberEnd() ? "\n" : ",\n";
    }
    out += std::string(indent, ' ') + "}";
    return;
  }
  out += "[\n";
  for (auto it = value.Begin(); it != value.End(); ++it) {
    out += pad;
    lay_out(*it, indent + 2, 0, width, out);
    out += std::next(it) == value.End() ? "\n" : ",\n";
  }
  out += std::string(indent, ' ') + "]";
}

}  // namespace

std::string layout_json(const rapidjson::Value& value, std::size_t width) {
  std::string out;
  lay_out(value, 0, 0, width, out);
  return out + "\n";
}

}  // namespace tg::gateway
