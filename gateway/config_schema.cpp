#include "gateway/config_schema.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "adapters/registry.hpp"
#include "gateway/json_layout.hpp"

namespace tg::gateway {

// gateway/config.schema.json, embedded at build time (gateway/CMakeLists.txt).
std::string_view embedded_config_schema();

namespace {

using rapidjson::Document;
using rapidjson::Value;
using Error = tg::Unexpected<std::string>;

constexpr std::string_view kDefsPrefix = "#/$defs/";

struct Part {
  std::string who;  // for errors: "the gateway's part" or "vendor <name>'s part"
  Document doc;
};

std::string_view name_of(const Value& name) { return {name.GetString(), name.GetStringLength()}; }

Error part_error(const Part& part, const std::string& what) { return tg::unexpected(part.who + ": " + what); }

const Value* object_member(const Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

// Every object of `value` names each member once: a parser keeps both copies, which would be printed.
tg::Result<Ok, std::string> unique_members(const Value& value, const std::string& path) {
  if (value.IsArray()) {
    for (const Value& item : value.GetArray()) TG_TRY(unique_members(item, path));
  }
  if (!value.IsObject()) return Ok{};
  std::set<std::string_view> seen;
  for (const auto& member : value.GetObject()) {
    const std::string member_path = path + "/" + std::string(name_of(member.name));
    if (!seen.insert(name_of(member.name)).second) return tg::unexpected(member_path + " appears twice");
    TG_TRY(unique_members(member.value, member_path));
  }
  return Ok{};
}

tg::Result<Ok, std::string> parse_part(std::string_view text, Part& part) {
  part.doc.Parse(text.data(), text.size());
  if (part.doc.HasParseError()) {
    return part_error(part, "not valid JSON at byte " + std::to_string(part.doc.GetErrorOffset()) + ": " +
                                rapidjson::GetParseError_En(part.doc.GetParseError()));
  }
  if (!part.doc.IsObject()) return part_error(part, "must be a JSON object");
  if (auto unique = unique_members(part.doc, ""); !unique) return part_error(part, unique.error());
  if (!object_member(part.doc, "properties")) return part_error(part, "\"properties\" must be an object");
  if (part.doc.HasMember("$defs") && !object_member(part.doc, "$defs")) {
    return part_error(part, "\"$defs\" must be an object");
  }
  return Ok{};
}

// A vendor's part holds "properties" for exactly its config keys and its "$defs", nothing else.
tg::Result<Ok, std::string> check_vendor_part(const Part& part, const adapters::Vendor& vendor) {
  for (const auto& member : part.doc.GetObject()) {
    if (name_of(member.name) != "properties" && name_of(member.name) != "$defs") {
      return part_error(part, "\"" + std::string(name_of(member.name)) + "\" is not \"properties\" or \"$defs\"");
    }
  }
  const std::vector<std::string_view> keys = vendor.config_keys();
  const Value& properties = part.doc["properties"];
  for (const auto& property : properties.GetObject()) {
    const std::string key(name_of(property.name));
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return part_error(part, "\"" + key + "\" is not one of the vendor's config keys");
    }
    if (!property.value.IsObject()) return part_error(part, "\"" + key + "\" must be an object");
  }
  for (std::string_view key : keys) {
    if (!properties.HasMember(Value(rapidjson::StringRef(key.data(), key.size())))) {
      return part_error(part, "the config key \"" + std::string(key) + "\" is missing from \"properties\"");
    }
  }
  return Ok{};
}

// {"properties": {...}} and nothing else: members added to the key another part declares.
bool is_contribution(const Value& property) {
  return property.MemberCount() == 1 && property.MemberBegin()->name == "properties";
}

// Every "$ref" in `value` names one of `defs`.
tg::Result<Ok, std::string> check_refs(const Value& value, const std::set<std::string, std::less<>>& defs) {
  if (value.IsArray()) {
    for (const Value& item : value.GetArray()) TG_TRY(check_refs(item, defs));
  }
  if (!value.IsObject()) return Ok{};
  for (const auto& member : value.GetObject()) {
    if (name_of(member.name) == "$ref" && member.value.IsString()) {
      const std::string_view ref = name_of(member.value);
      if (!ref.starts_with(kDefsPrefix) || !defs.count(ref.substr(kDefsPrefix.size()))) {
        return tg::unexpected("\"$ref\": \"" + std::string(ref) + "\" names no \"$defs\" entry");
      }
    }
    TG_TRY(check_refs(member.value, defs));
  }
  return Ok{};
}

}  // namespace

tg::Result<std::string, std::string> assemble_config_schema(const adapters::VendorList& vendors) {
  std::vector<Part> parts(vendors.size() + 1);
  parts[0].who = "the gateway's part (gateway/config.schema.json)";
  TG_TRY(parse_part(embedded_config_schema(), parts[0]));
  for (std::size_t i = 0; i < vendors.size(); ++i) {
    Part& part = parts[i + 1];
    part.who = "vendor " + std::string(vendors[i]->name()) + "'s config schema part";
    TG_TRY(parse_part(vendors[i]->config_schema(), part));
    TG_TRY(check_vendor_part(part, *vendors[i]));
  }

  std::map<std::string, const Part*, std::less<>> def_owners;
  for (const Part& part : parts) {
    const Value* defs = object_member(part.doc, "$defs");
    if (!defs) continue;
    for (const auto& def : defs->GetObject()) {
      auto [it, added] = def_owners.emplace(name_of(def.name), &part);
      if (!added) return part_error(part, "$defs/" + it->first + " is already defined by " + it->second->who);
    }
  }
  std::set<std::string, std::less<>> def_names;
  for (const auto& [name, owner] : def_owners) def_names.insert(name);
  for (const Part& part : parts) {
    if (auto refs = check_refs(part.doc, def_names); !refs) return part_error(part, refs.error());
  }

  // The gateway's part is the root; each key is declared once, then contributions join its members.
  Document schema;
  schema.CopyFrom(parts[0].doc, schema.GetAllocator());
  auto& alloc = schema.GetAllocator();
  schema.RemoveMember("$defs");
  Value& properties = schema["properties"];
  std::map<std::string, const Part*, std::less<>> key_owners;
  for (const auto& property : properties.GetObject()) key_owners.emplace(name_of(property.name), &parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    for (const auto& property : parts[i].doc["properties"].GetObject()) {
      if (is_contribution(property.value)) continue;
      auto [it, added] = key_owners.emplace(name_of(property.name), &parts[i]);
      if (!added) return part_error(parts[i], "\"" + it->first + "\" is already declared by " + it->second->who);
      properties.AddMember(Value(property.name, alloc), Value(property.value, alloc), alloc);
    }
  }
  for (std::size_t i = 1; i < parts.size(); ++i) {
    for (const auto& property : parts[i].doc["properties"].GetObject()) {
      if (!is_contribution(property.value)) continue;
      const std::string key(name_of(property.name));
      auto declared = properties.FindMember(property.name);
      if (declared == properties.MemberEnd()) {
        return part_error(parts[i], "adds members to \"" + key + "\", which no part declares");
      }
      const Value* added = object_member(property.value, "properties");
      if (!added) return part_error(parts[i], "\"" + key + "\".properties must be an object");
      auto members = declared->value.FindMember("properties");
      if (members == declared->value.MemberEnd() || !members->value.IsObject()) {
        return part_error(parts[i], "adds members to \"" + key + "\", which " + key_owners.at(key)->who +
                                        " declares without \"properties\"");
      }
      for (const auto& member : added->GetObject()) {
        if (members->value.HasMember(member.name)) {
          return part_error(parts[i], "\"" + key + "\".properties." + std::string(name_of(member.name)) +
                                          " is already given");
        }
        members->value.AddMember(Value(member.name, alloc), Value(member.value, alloc), alloc);
      }
    }
  }

  Value defs(rapidjson::kObjectType);
  for (const Part& part : parts) {
    const Value* part_defs = object_member(part.doc, "$defs");
    if (!part_defs) continue;
    for (const auto& def : part_defs->GetObject()) {
      defs.AddMember(Value(def.name, alloc), Value(def.value, alloc), alloc);
    }
  }
  if (defs.MemberCount() > 0) schema.AddMember("$defs", defs, alloc);
  return layout_json(schema);
}

int run_config_schema(std::ostream& out, std::ostream& err) {
  auto schema = assemble_config_schema(adapters::standard_vendors());
  if (!schema) {
    err << "thumbgate: cannot assemble the config schema: " << schema.error() << "\n";
    return 1;
  }
  out << *schema;
  out.flush();
  return out ? 0 : 1;
}

}  // namespace tg::gateway
