// The Alibaba Cloud ICE front door's request handling short of the store and the engine: whether a request
// is ICE's (adapters/aliyun_ice/ice_front_door), SubmitSnapshotJob's JSON-string parameters
// (submit_request), the OSS addresses in them (oss_location), the job and file names they plan
// (snapshot_job), the signed object URL check (signed_object_url) and the JSON/XML error it would answer.

#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/aliyun_ice/ice_front_door.hpp"
#include "adapters/aliyun_ice/ice_renderer.hpp"
#include "adapters/aliyun_ice/oss_location.hpp"
#include "adapters/aliyun_ice/signed_object_url.hpp"
#include "adapters/aliyun_ice/snapshot_job.hpp"
#include "adapters/aliyun_ice/submit_request.hpp"
#include "adapters/common/query_string.hpp"
#include "support/fuzz_check.hpp"
#include "support/fuzz_request.hpp"
#include "tasks/name_pattern.hpp"

namespace ice = tg::adapters::aliyun_ice;

namespace {

const ice::IceSettings& settings() {
  static const ice::IceSettings s = [] {
    ice::IceSettings out;
    out.access_keys.push_back({"LTAI5tFuzzKey", "fuzz-secret-0123456789"});
    out.input_buckets.push_back({"in-bucket", "oss/in"});
    out.output_bucket = {"out-bucket", "/nonexistent/ice-out"};
    return out;
  }();
  return s;
}

void check_error(const ice::IceError& error) {
  FUZZ_CHECK(!error.code.empty() && !error.message.empty() && error.status >= 400);
  FUZZ_CHECK(tg::fuzz::is_strict_json(ice::render_error(error, "R", "H", false).body));
  FUZZ_CHECK(tg::fuzz::is_xml_text(ice::render_error(error, "R", "H", true).body));
}

void check_location(const std::string& media) {
  const ice::OssLocationResult where = ice::parse_oss_location(media);
  if (!where.location) return;
  FUZZ_CHECK(!where.location->bucket.empty());
  FUZZ_CHECK(ice::safe_object_key(where.location->object));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const tg::ApiRequest request = tg::fuzz::request_from_text({reinterpret_cast<const char*>(data), size});
  (void)ice::is_ice_request(request);

  tg::signing::Params params = request.query;
  if (auto fields = tg::adapters::parse_query(request.body)) params.insert(params.end(), fields->begin(), fields->end());
  for (const auto& [name, value] : params) check_location(value);

  auto submit = ice::parse_submit(params);
  if (!submit) {
    check_error(submit.error());
  } else {
    check_location(submit->input.media);
    const ice::OssLocationResult out = ice::parse_oss_location(submit->output.media);
    if (out.location) {
      const ice::SnapshotTemplate t = ice::IceSettings::builtin_templates().at("thumbgate-sprite").overridden_by(submit->overwrite);
      auto planned = ice::plan_job(t, out.location->object);
      if (!planned) {
        check_error(planned.error());
      } else {
        // Every name the worker will write is a plain file name, inside the planned folder.
        auto first = tg::tasks::expand_name_pattern(planned->job.name_pattern, 1, 0);
        FUZZ_CHECK(first.ok());
        FUZZ_CHECK(tg::tasks::is_plain_file_name(*first));
        FUZZ_CHECK(planned->folder_key.empty() || ice::safe_object_key(planned->folder_key));
      }
    }
  }

  // The signed object URL check never accepts what it was not signed for.
  if (request.path.rfind("/oss/", 0) == 0) {
    const std::string rest = request.path.substr(5);
    const auto slash = rest.find('/');
    const std::string bucket = rest.substr(0, slash);
    const std::string key = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
    const ice::UrlCheck check = ice::check_signed_url(settings(), request.method, bucket, key, request.query, 1'700'000'000);
    if (check == ice::UrlCheck::kOk) {
      const std::string url = ice::signed_object_url("http://h", bucket, key, settings().access_keys[0],
                                                     std::stoll(*ice::find_param(request.query, "Expires")));
      FUZZ_CHECK(url.find("Signature=") != std::string::npos);
    }
  }
  return 0;
}
