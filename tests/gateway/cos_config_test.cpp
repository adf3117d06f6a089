// The config file's "cos" section: defaults, every field read, and errors naming the bad field.

#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gateway/config.hpp"
#include "gateway/vendor_sections.hpp"
#include "support/source_tree.hpp"

namespace tg::gateway {
namespace {

using namespace tg::gateway::testing;

std::string error_of(const std::string& json) {
  auto config = parse_config(json);
  return config ? std::string() : config.error();
}

TEST(CosConfigTest, DefaultsWithoutTheSection) {
  auto config = parse_config("{}");
  ASSERT_TRUE(config) << config.error();
  EXPECT_TRUE(cos_of(*config).buckets.empty());
  EXPECT_EQ(cos_of(*config).engine_threads, 2);
  EXPECT_EQ(cos_of(*config).max_inflight, 8);
  EXPECT_EQ(cos_of(*config).result_cache_bytes, 67108864);
  EXPECT_EQ(cos_of(*config).hot_inputs, 16);
  EXPECT_EQ(cos_of(*config).hot_input_bytes, 268435456);
}

TEST(CosConfigTest, SchemaDocumentsTheLoadersDefaultsAndFields) {
  auto root = tg::testing::source_tree();
  std::ifstream in(root / "schemas" / "config.schema.json", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document schema;
  schema.Parse(text.str().c_str());
  ASSERT_FALSE(schema.HasParseError());
  const auto& cos = schema["properties"]["cos"]["properties"];
  const adapters::tencent_ci::CiSettings defaults;
  EXPECT_EQ(cos["engine_threads"]["default"].GetInt(), defaults.engine_threads);
  EXPECT_EQ(cos["max_inflight"]["default"].GetInt(), defaults.max_inflight);
  EXPECT_EQ(cos["result_cache_bytes"]["default"].GetInt64(), defaults.result_cache_bytes);
  EXPECT_EQ(cos["hot_inputs"]["default"].GetInt(), defaults.hot_inputs);
  EXPECT_EQ(cos["hot_input_bytes"]["default"].GetInt64(), defaults.hot_input_bytes);
  EXPECT_EQ(cos["deadline_ms"]["default"].GetInt64(), defaults.deadline_ms);
  // Every documented field of the section, a bucket and a credential is known to the loader.
  for (const auto& prop : cos.GetObject()) {
    const std::string error = error_of(std::string(R"({"cos":{")") + prop.name.GetString() + "\":null}}");
    EXPECT_EQ(error.find("unknown field"), std::string::npos) << error;
  }
  for (const auto& prop : schema["$defs"]["cos_bucket"]["properties"].GetObject()) {
    const std::string error =
        error_of(std::string(R"({"cos":{"buckets":[{")") + prop.name.GetString() + "\":null}]}}");
    EXPECT_EQ(error.find("unknown field"), std::string::npos) << error;
  }
  for (const auto& prop : schema["$defs"]["cos_credential"]["properties"].GetObject()) {
    const std::string error =
        error_of(std::string(R"({"cos":{"credentials":[{")") + prop.name.GetString() + "\":null}]}}");
    EXPECT_EQ(error.find("unknown field"), std::string::npos) << error;
  }
}

TEST(CosConfigTest, ABucketDomainOnThePublicBaseUrlHostIsRefused) {
  // That host's /outputs/ URLs would reach the bucket first and be answered as objects (AccessDenied).
  const std::string bucket = R"({"name":"examplebucket-1250000000","region":"ap-beijing","root":"cos",)";
  auto same = parse_config(R"({"public_base_url":"https://user@Thumbs.Example.com:8443/base","cos":{"buckets":[)" +
                           bucket + R"("domains":["img.example.com","THUMBS.example.com"]}]}})");
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().rfind("cos.buckets[0].domains[1]: \"thumbs.example.com\" is the host of public_base_url", 0),
            0u)
      << same.error();
  auto other = parse_config(R"({"public_base_url":"https://thumbs.example.com","cos":{"buckets":[)" + bucket +
                            R"("domains":["img.example.com"]}]}})");
  EXPECT_TRUE(other) << other.error();
  // Without public_base_url the outputs are on the listen address, which no bucket domain names.
  auto unset = parse_config(R"({"cos":{"buckets":[)" + bucket + R"("domains":["thumbs.example.com"]}]}})");
  EXPECT_TRUE(unset) << unset.error();
}

TEST(CosConfigTest, ReadsEveryField) {
  auto config = parse_config(R"({"cos":{"buckets":[
      {"name":"examplebucket-1250000000","region":"ap-beijing","root":"cos/x","acl":"public-read",
       "domains":["IMG.example.test"]},
      {"name":"origin-1","region":"ap-guangzhou","root":"https://media.example.com/v"}],
    "credentials":[{"secret_id":"AKID1","secret_key":"0123456789abcdef","buckets":["origin-1"]},
                   {"secret_id":"AKID2","secret_key":"0123456789abcdef"}],
    "engine_threads":3,"max_inflight":5,"result_cache_bytes":1000,"hot_inputs":0,"hot_input_bytes":4096,
    "deadline_ms":5000}})");
  ASSERT_TRUE(config) << config.error();
  const auto& cos = cos_of(*config);
  ASSERT_EQ(cos.buckets.size(), 2u);
  EXPECT_EQ(cos.buckets[0].acl, adapters::tencent_ci::BucketAcl::kPublicRead);
  EXPECT_EQ(cos.buckets[0].domains.at(0), "img.example.test");
  EXPECT_EQ(cos.buckets[1].acl, adapters::tencent_ci::BucketAcl::kPrivate);
  ASSERT_EQ(cos.credentials.size(), 2u);
  EXPECT_TRUE(cos.credentials[0].may_read("origin-1"));
  EXPECT_FALSE(cos.credentials[0].may_read("examplebucket-1250000000"));
  EXPECT_TRUE(cos.credentials[1].may_read("examplebucket-1250000000"));
  EXPECT_EQ(cos.engine_threads, 3);
  EXPECT_EQ(cos.max_inflight, 5);
  EXPECT_EQ(cos.result_cache_bytes, 1000);
  EXPECT_EQ(cos.hot_inputs, 0);
  EXPECT_EQ(cos.hot_input_bytes, 4096);
  EXPECT_EQ(cos.deadline_ms, 5000);
}

TEST(CosConfigTest, ErrorsNameTheField) {
  const std::string b = R"({"name":"b-1","region":"ap-beijing","root":"x")";
  struct Case {
    std::string json;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"cos":[]})", "cos: must be an object"},
           {R"({"cos":{"bucket":[]}})", "cos.bucket: unknown field"},
           {R"({"cos":{"buckets":[{"region":"r","root":"x"}]}})", "cos.buckets[0].name: is required"},
           {R"({"cos":{"buckets":[{"name":"Bad_Name","region":"r","root":"x"}]}})", "cos.buckets[0].name"},
           {R"({"cos":{"buckets":[{"name":"nodigits-","region":"r","root":"x"}]}})", "cos.buckets[0].name"},
           {R"({"cos":{"buckets":[{"name":"b-1","region":"ap beijing","root":"x"}]}})", "cos.buckets[0].region"},
           {R"({"cos":{"buckets":[{"name":"b-1","region":"r","root":"../x"}]}})", "cos.buckets[0].root"},
           {R"({"cos":{"buckets":[)" + b + R"(,"acl":"public"}]}})", "cos.buckets[0].acl"},
           {R"({"cos":{"buckets":[)" + b + R"(,"domains":["a.test:80"]}]}})", "cos.buckets[0].domains[0]"},
           {R"({"cos":{"buckets":[)" + b + "}," + b + R"(}]}})", "cos.buckets[1].name: bucket b-1 is configured twice"},
           {R"({"cos":{"buckets":[)" + b + R"(,"domains":["d.test"]},{"name":"c-2","region":"r","root":"y","domains":["d.test"]}]}})",
            "cos.buckets[1].domains"},
           {R"({"cos":{"credentials":[{"secret_id":"A","secret_key":"short"}]}})", "cos.credentials[0].secret_key"},
           {R"({"cos":{"credentials":[{"secret_key":"0123456789abcdef"}]}})", "cos.credentials[0].secret_id: is required"},
           {R"({"cos":{"credentials":[{"secret_id":"A","secret_key":"0123456789abcdef","buckets":["nope-1"]}]}})",
            "cos.credentials[0].buckets[0]"},
           {R"({"cos":{"credentials":[{"secret_id":"A","secret_key":"0123456789abcdef"},{"secret_id":"A","secret_key":"0123456789abcdef"}]}})",
            "cos.credentials[1].secret_id"},
           {R"({"cos":{"engine_threads":0}})", "cos.engine_threads"},
           {R"({"cos":{"max_inflight":-1}})", "cos.max_inflight"},
           {R"({"cos":{"result_cache_bytes":1.5}})", "cos.result_cache_bytes"},
           {R"({"cos":{"hot_inputs":100000}})", "cos.hot_inputs"},
           {R"({"cos":{"hot_input_bytes":-1}})", "cos.hot_input_bytes"},
       }) {
    const std::string error = error_of(c.json);
    EXPECT_EQ(error.rfind(c.field, 0), 0u) << c.json << " -> " << error;
  }
}

}  // namespace
}  // namespace tg::gateway
