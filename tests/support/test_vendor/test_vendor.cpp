#include "support/test_vendor/test_vendor.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "adapters/common/config_fields.hpp"
#include "adapters/common/numbers.hpp"
#include "adapters/common/output_url.hpp"
#include "adapters/common/task_submission.hpp"
#include "core/random_id.hpp"

namespace tg::testing {

// tests/support/test_vendor/config.schema.json, embedded at build time (tests/CMakeLists.txt).
std::string_view test_vendor_config_schema();

namespace {

using namespace adapters::config_fields;

constexpr const char* kApi = "test_vendor";

struct TestVendorSettings {
  std::string callback_url;
};

ApiResponse error_response(int status, const std::string& message) {
  ApiResponse r;
  r.status = status;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("error");
  w.String(message.c_str(), static_cast<rapidjson::SizeType>(message.size()));
  w.EndObject();
  r.body = buffer.GetString();
  return r;
}

class TestFrontDoor : public adapters::FrontDoor {
 public:
  TestFrontDoor(TestVendorSettings settings, adapters::VendorDeps deps)
      : settings_(std::move(settings)), deps_(std::move(deps)) {}

  bool accepts(const ApiRequest& request) const override { return request.path == "/test-vendor/snapshot"; }

  void handle(ApiRequest request, Respond respond) override {
    const auto file = request.query_value("file");
    const auto ms = adapters::parse_int64(request.query_value("ms").value_or(""));
    if (!file || !ms || *ms < 0) return respond(error_response(400, "file and ms (milliseconds) are required"));
    auto input = deps_.resolver.resolve_path(*file);
    if (!input) return respond(error_response(404, "no such file: " + *file));
    tasks::TaskSpec spec;
    spec.app_id = "test";
    spec.api = kApi;
    spec.vendor = kApi;
    spec.type = "Snapshot";
    spec.source_id = *file;
    spec.input = std::move(*input);
    tasks::SnapshotJob snapshot;
    snapshot.times.push_back(tasks::RequestedTime::at_ms(*ms));
    spec.job.params = std::move(snapshot);
    spec.job.name_pattern = "{ms}.jpg";
    spec.callback_url = settings_.callback_url;
    auto queued = adapters::submit_task(deps_, "test-" + random_hex(8), std::move(spec), request);
    if (!queued) return respond(error_response(503, queued.error().message));
    respond(json_response(R"({"task_id":")" + queued->id + "\"}"));
  }

  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord& task) const override {
    if (task.spec.api != kApi || task.spec.callback_url.empty()) return std::nullopt;
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("task_id");
    w.String(task.id.c_str());
    w.Key("status");
    w.String(tasks::to_string(task.status));
    w.Key("urls");
    w.StartArray();
    for (const tasks::TaskOutput& out : task.outputs) {
      w.String(adapters::output_url(deps_.public_base_url, task.id, out.name).c_str());
    }
    w.EndArray();
    w.EndObject();
    tasks::CallbackDelivery delivery;
    delivery.task_id = task.id;
    delivery.url = task.spec.callback_url;
    delivery.body = buffer.GetString();
    return delivery;
  }

 private:
  TestVendorSettings settings_;
  adapters::VendorDeps deps_;
};

class TestVendor : public adapters::Vendor {
 public:
  std::string_view name() const override { return kApi; }

  std::vector<std::string_view> config_keys() const override { return {"test_vendor"}; }

  std::string_view config_schema() const override { return test_vendor_config_schema(); }

  tg::Result<adapters::VendorSettings, std::string> read_config(const rapidjson::Value& root,
                                                                const adapters::ConfigContext& context) const override {
    TestVendorSettings settings;
    if (const Value* section = member(root, "test_vendor")) {
      if (!section->IsObject()) return field_error("test_vendor", "must be an object");
      TG_TRY(only_fields(*section, "test_vendor", {"callback_url"}));
      TG_TRY(read_string(*section, "test_vendor", "callback_url", settings.callback_url, true));
      if (!settings.callback_url.empty()) {
        if (auto allowed = check_outbound_url(settings.callback_url, context.outbound_policy); !allowed) {
          return field_error("test_vendor.callback_url", allowed.error());
        }
      }
    }
    return adapters::VendorSettings(std::move(settings));
  }

  bool serves(const adapters::VendorSettings&) const override { return true; }

  std::unique_ptr<adapters::FrontDoor> make_front_door(const adapters::VendorSettings& settings,
                                                       const adapters::VendorDeps& deps) const override {
    return std::make_unique<TestFrontDoor>(std::any_cast<const TestVendorSettings&>(settings), deps);
  }
};

}  // namespace

std::shared_ptr<const adapters::Vendor> test_vendor() { return std::make_shared<TestVendor>(); }

}  // namespace tg::testing
