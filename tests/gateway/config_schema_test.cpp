// The config schema: assembled from the gateway's and each vendor's part, merged by the rules of
// adapters/front_door.hpp, and committed as schemas/config.schema.json.

#include "gateway/config_schema.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <sstream>

#include "adapters/registry.hpp"
#include "gateway/json_layout.hpp"
#include "support/source_tree.hpp"
#include "support/test_vendor/test_vendor.hpp"

namespace tg::gateway {
namespace {

// A vendor with keys and a schema part and nothing behind them.
class SchemaOnlyVendor : public adapters::Vendor {
 public:
  SchemaOnlyVendor(std::string name, std::vector<std::string_view> keys, std::string schema)
      : name_(std::move(name)), keys_(std::move(keys)), schema_(std::move(schema)) {}

  std::string_view name() const override { return name_; }
  std::vector<std::string_view> config_keys() const override { return keys_; }
  std::string_view config_schema() const override { return schema_; }
  tg::Result<adapters::VendorSettings, std::string> read_config(const rapidjson::Value&,
                                                                const adapters::ConfigContext&) const override {
    return adapters::VendorSettings();
  }
  bool serves(const adapters::VendorSettings&) const override { return false; }
  std::unique_ptr<adapters::FrontDoor> make_front_door(const adapters::VendorSettings&,
                                                       const adapters::VendorDeps&) const override {
    return nullptr;
  }

 private:
  std::string name_;
  std::vector<std::string_view> keys_;
  std::string schema_;
};

std::shared_ptr<const adapters::Vendor> vendor(std::string name, std::vector<std::string_view> keys,
                                               std::string schema) {
  return std::make_shared<SchemaOnlyVendor>(std::move(name), std::move(keys), std::move(schema));
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  EXPECT_FALSE(doc.HasParseError()) << text;
  return doc;
}

rapidjson::Document assemble(const adapters::VendorList& vendors) {
  auto schema = assemble_config_schema(vendors);
  EXPECT_TRUE(schema) << schema.error();
  return parse(schema ? *schema : "{}");
}

std::string error_of(const adapters::VendorList& vendors) {
  auto schema = assemble_config_schema(vendors);
  EXPECT_FALSE(schema) << *schema;
  return schema ? "" : schema.error();
}

std::vector<std::string> names_of(const rapidjson::Value& object) {
  std::vector<std::string> names;
  for (const auto& member : object.GetObject()) names.emplace_back(member.name.GetString());
  return names;
}

TEST(ConfigSchemaAssemblyTest, TheCommittedSchemaIsTheAssembledOne) {
  auto assembled = assemble_config_schema(adapters::standard_vendors());
  ASSERT_TRUE(assembled) << assembled.error();
  std::ifstream in(tg::testing::source_tree() / "schemas" / "config.schema.json", std::ios::binary);
  ASSERT_TRUE(in) << "schemas/config.schema.json is missing";
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == *assembled)
      << "schemas/config.schema.json is not the schema assembled from gateway/config.schema.json and the "
         "vendors' adapters/<vendor>/config.schema.json; regenerate it after changing a part:\n"
         "  build/gateway/thumbgate config schema > schemas/config.schema.json";
}

TEST(ConfigSchemaAssemblyTest, EveryStandardVendorKeyIsDocumentedWithItsDefs) {
  const rapidjson::Document schema = assemble(adapters::standard_vendors());
  ASSERT_TRUE(schema.IsObject());
  for (const auto& v : adapters::standard_vendors()) {
    for (std::string_view key : v->config_keys()) {
      EXPECT_TRUE(schema["properties"].HasMember(std::string(key).c_str())) << v->name() << ": " << key;
    }
  }
  // The gateway's own fields stay at the root, before the vendors' keys.
  EXPECT_EQ(names_of(schema["properties"]).front(), "$schema");
  EXPECT_TRUE(schema["properties"].HasMember("outbound"));
  EXPECT_FALSE(schema["additionalProperties"].GetBool());
  for (const char* def : {"app", "snapshot_template", "sample_template", "vod_secret", "sprite_template",
                          "cos_bucket", "cos_credential"}) {
    EXPECT_TRUE(schema["$defs"].HasMember(def)) << def;
  }
}

TEST(ConfigSchemaAssemblyTest, TheSharedTencentKeyHasTheMembersOfBothVendors) {
  // ZEGO declares "tencent" with its time-point and sampled templates; VOD, listed first, adds its sprites.
  const rapidjson::Document schema = assemble(adapters::standard_vendors());
  const auto& tencent = schema["properties"]["tencent"];
  EXPECT_FALSE(tencent["additionalProperties"].GetBool());
  EXPECT_EQ(names_of(tencent["properties"]),
            (std::vector<std::string>{"snapshot_templates", "sample_templates", "sprite_templates"}));
}

TEST(ConfigSchemaAssemblyTest, AVendorAddedToTheRegistryContributesItsPart) {
  adapters::VendorList with_test_vendor = adapters::standard_vendors();
  with_test_vendor.push_back(tg::testing::test_vendor());
  const rapidjson::Document schema = assemble(with_test_vendor);
  ASSERT_TRUE(schema["properties"].HasMember("test_vendor"));
  EXPECT_TRUE(schema["properties"]["test_vendor"]["properties"].HasMember("callback_url"));
  EXPECT_TRUE(schema["$defs"].HasMember("test_vendor_url"));

  const rapidjson::Document standard = assemble(adapters::standard_vendors());
  EXPECT_FALSE(standard["properties"].HasMember("test_vendor"));
  EXPECT_FALSE(standard["$defs"].HasMember("test_vendor_url"));
}

TEST(ConfigSchemaAssemblyTest, ContributionsJoinTheDeclarationInRegistryOrderWhereverItIs) {
  const std::string declaration =
      R"({"properties":{"shared":{"type":"object","additionalProperties":false,"properties":{"a":{}}}}})";
  const std::string add_b = R"({"properties":{"shared":{"properties":{"b":{"$ref":"#/$defs/b"}}}},)"
                            R"("$defs":{"b":{"type":"integer"}}})";
  const std::string add_c = R"({"properties":{"shared":{"properties":{"c":{}}}}})";
  for (const adapters::VendorList& vendors :
       {adapters::VendorList{vendor("one", {"shared"}, declaration), vendor("two", {"shared"}, add_b),
                             vendor("three", {"shared"}, add_c)},
        adapters::VendorList{vendor("two", {"shared"}, add_b), vendor("three", {"shared"}, add_c),
                             vendor("one", {"shared"}, declaration)},
        adapters::VendorList{vendor("two", {"shared"}, add_b), vendor("one", {"shared"}, declaration),
                             vendor("three", {"shared"}, add_c)}}) {
    const rapidjson::Document schema = assemble(vendors);
    const auto& shared = schema["properties"]["shared"];
    EXPECT_EQ(shared["type"], "object");
    EXPECT_EQ(names_of(shared["properties"]), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(schema["$defs"]["b"]["type"], "integer");
  }
}

TEST(ConfigSchemaAssemblyTest, AKeyDeclaredTwiceIsRefused) {
  const std::string part = R"({"properties":{"x":{"type":"object"}}})";
  std::string error = error_of({vendor("one", {"x"}, part), vendor("two", {"x"}, part)});
  EXPECT_NE(error.find("vendor two's config schema part: \"x\" is already declared by vendor one's"),
            std::string::npos)
      << error;
  // A gateway field cannot be declared again by a vendor.
  error = error_of({vendor("one", {"workers"}, R"({"properties":{"workers":{"type":"string"}}})")});
  EXPECT_NE(error.find("\"workers\" is already declared by the gateway's part"), std::string::npos) << error;
}

TEST(ConfigSchemaAssemblyTest, MembersWithoutADeclarationOrGivenTwiceAreRefused) {
  const std::string add_a = R"({"properties":{"x":{"properties":{"a":{}}}}})";
  std::string error = error_of({vendor("one", {"x"}, add_a)});
  EXPECT_NE(error.find("vendor one's config schema part: adds members to \"x\", which no part declares"),
            std::string::npos)
      << error;
  const std::string declares_a = R"({"properties":{"x":{"type":"object","properties":{"a":{}}}}})";
  error = error_of({vendor("one", {"x"}, declares_a), vendor("two", {"x"}, add_a)});
  EXPECT_NE(error.find("vendor two's config schema part: \"x\".properties.a is already given"), std::string::npos)
      << error;
  error = error_of({vendor("one", {"x"}, R"({"properties":{"x":{"type":"string"}}})"), vendor("two", {"x"}, add_a)});
  EXPECT_NE(error.find("declares without \"properties\""), std::string::npos) << error;
}

TEST(ConfigSchemaAssemblyTest, DefsAreUniqueAndEveryRefNamesOne) {
  adapters::VendorList vendors = adapters::standard_vendors();
  vendors.push_back(vendor("one", {"x"}, R"({"properties":{"x":{}},"$defs":{"app":{}}})"));
  std::string error = error_of(vendors);
  EXPECT_NE(error.find("vendor one's config schema part: $defs/app is already defined by vendor zego"),
            std::string::npos)
      << error;
  // Against the gateway's part alone, where no vendor defines "app".
  error = error_of({vendor("one", {"x"}, R"({"properties":{"x":{"items":{"$ref":"#/$defs/app"}}}})")});
  EXPECT_NE(error.find("vendor one's config schema part: \"$ref\": \"#/$defs/app\" names no \"$defs\" entry"),
            std::string::npos)
      << error;
  error = error_of({vendor("one", {"x"}, R"({"properties":{"x":{"$ref":"other.json#/x"}}})")});
  EXPECT_NE(error.find("names no \"$defs\" entry"), std::string::npos) << error;
}

TEST(ConfigSchemaAssemblyTest, APartNamesExactlyTheVendorsConfigKeys) {
  std::string error = error_of({vendor("one", {"x"}, R"({"properties":{"x":{},"y":{}}})")});
  EXPECT_NE(error.find("vendor one's config schema part: \"y\" is not one of the vendor's config keys"),
            std::string::npos)
      << error;
  error = error_of({vendor("one", {"x", "y"}, R"({"properties":{"x":{}}})")});
  EXPECT_NE(error.find("the config key \"y\" is missing from \"properties\""), std::string::npos) << error;
  // A vendor that forgot its part entirely.
  error = error_of({vendor("one", {"x"}, "")});
  EXPECT_NE(error.find("vendor one's config schema part: not valid JSON"), std::string::npos) << error;
}

TEST(ConfigSchemaAssemblyTest, AMalformedPartIsRefusedNamingTheVendor) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"properties":{"x":{}})", "not valid JSON at byte"},
      {R"([])", "must be a JSON object"},
      {R"({"properties":[]})", "\"properties\" must be an object"},
      {R"({"properties":{"x":{}},"$defs":[]})", "\"$defs\" must be an object"},
      {R"({"properties":{"x":{}},"title":"x"})", "\"title\" is not \"properties\" or \"$defs\""},
      {R"({"properties":{"x":3}})", "\"x\" must be an object"},
      {R"({"properties":{"x":{"type":"object","type":"string"}}})", "/properties/x/type appears twice"},
  };
  for (const auto& [part, message] : cases) {
    const std::string error = error_of({vendor("bad", {"x"}, part)});
    EXPECT_EQ(error.rfind("vendor bad's config schema part: ", 0), 0u) << part << ": " << error;
    EXPECT_NE(error.find(message), std::string::npos) << part << ": " << error;
  }
}

TEST(JsonLayoutTest, KeepsTheValueAndFitsShortMembersOnOneLine) {
  const std::string text =
      R"({"a":{"b":[1,2.5,"x\"y"],"c":{}},"long":{"description":")" + std::string(150, 'd') +
      R"(","n":null,"t":true},"e":[]})";
  const rapidjson::Document doc = parse(text);
  const std::string laid_out = layout_json(doc, 40);
  EXPECT_EQ(laid_out,
            "{\n"
            "  \"a\": {\"b\": [1, 2.5, \"x\\\"y\"], \"c\": {}},\n"
            "  \"long\": {\n"
            "    \"description\": \"" + std::string(150, 'd') + "\",\n"
            "    \"n\": null,\n"
            "    \"t\": true\n"
            "  },\n"
            "  \"e\": []\n"
            "}\n");
  EXPECT_EQ(parse(laid_out), doc);
}

}  // namespace
}  // namespace tg::gateway
