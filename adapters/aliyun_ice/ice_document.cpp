#include "adapters/aliyun_ice/ice_document.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "adapters/common/xml_text.hpp"
#include "core/utf8.hpp"

namespace tg::adapters::aliyun_ice {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

struct JsonWriterAccess {
  static void write(const IceNode& node, JsonWriter& w) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            const std::string text = valid_utf8(v);
            w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
          } else if constexpr (std::is_same_v<T, int64_t>) {
            w.Int64(v);
          } else if constexpr (std::is_same_v<T, bool>) {
            w.Bool(v);
          } else if constexpr (std::is_same_v<T, IceNode::Object>) {
            w.StartObject();
            for (const IceNode::Member& m : v) {
              const std::string key = valid_utf8(m.name);
              w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
              write(m.value, w);
            }
            w.EndObject();
          } else {
            w.StartArray();
            for (const IceNode& item : v) write(item, w);
            w.EndArray();
          }
        },
        node.value_);
  }
};

IceNode& IceNode::set(std::string name, IceNode value) {
  std::get<Object>(value_).push_back(Member{std::move(name), std::move(value)});
  return *this;
}

IceNode& IceNode::push(IceNode item) {
  std::get<Array>(value_).push_back(std::move(item));
  return *this;
}

std::string IceNode::to_json() const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  JsonWriterAccess::write(*this, w);
  return std::string(buffer.GetString(), buffer.GetSize());
}

void IceNode::write_xml(std::string& out, const std::string& name) const {
  if (const auto* items = std::get_if<Array>(&value_)) {
    for (const IceNode& item : *items) item.write_xml(out, name);
    return;
  }
  out += "<" + name + ">";
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          out += xml_escape(v);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, Object>) {
          for (const Member& m : v) m.value.write_xml(out, m.name);
        }
      },
      value_);
  out += "</" + name + ">";
}

std::string IceNode::to_xml(const std::string& root) const {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  write_xml(out, root);
  return out;
}

}  // namespace tg::adapters::aliyun_ice
