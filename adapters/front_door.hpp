#pragma once
// The seam every vendor implements. A Vendor reads its part of the config file and builds its FrontDoor;
// the FrontDoor takes the requests addressed to that vendor, answers them in the vendor's shape and
// composes the notifications of the vendor's finished tasks. The gateway knows vendors only through
// this file and the registry (adapters/registry.hpp).

#include <rapidjson/document.h>

#include <any>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/common/call_admission.hpp"
#include "adapters/common/outbound_settings.hpp"
#include "adapters/common/rate_limiter.hpp"
#include "core/api_message.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "tasks/enqueuer.hpp"
#include "tasks/job_limits.hpp"
#include "tasks/media_resolver.hpp"
#include "tasks/task_store.hpp"

namespace tg::adapters {

/// A vendor's settings as its read_config made them; only the vendor itself looks inside.
using VendorSettings = std::any;

/// What a vendor's config reader may consult besides its own sections (read before them).
struct ConfigContext {
  const AddressPolicy& outbound_policy;  // every URL the vendor will connect to must pass it
  const std::string& public_base_url;    // as configured, no trailing slash; "" = the bound address
};

/// Where the gateway runs, for a vendor's start-up hook.
struct StartContext {
  std::string data_dir;
  std::string media_root;
  std::string public_base_url;  // final: the configured one or the bound address
};

/// The shared dependencies every front door is built from.
struct VendorDeps {
  CallAdmission& admission;  // signed calls with a nonce: the nonce used once and the call counted, together
  RateLimiter& limiter;      // calls counted without a nonce
  tasks::TaskStore& store;
  tasks::MediaResolver& resolver;
  const Clock& clock;
  std::function<void()> task_queued;  // wakes the worker pool
  int64_t max_queue = 1000;           // QUEUED tasks beyond which submissions are refused
  int64_t max_queue_per_app = 0;      // QUEUED tasks of one client key; 0 = no share of its own
  tasks::OutputLimits limits;         // a request that would make more is refused before it is queued
  const OutboundSettings& outbound;
  std::string public_base_url;  // output URLs start with it; no trailing slash
  std::string media_root;
  std::string outputs_dir;                    // finished tasks' files, data_dir/outputs/<task id>/
  std::string data_dir;                       // the gateway's own files (the player keeps renditions there)
  const std::atomic<bool>* cancel = nullptr;  // raised at shutdown: synchronous work in progress stops
  // Queues submissions (adapters/common/task_submission): a group committer that shares commits between
  // concurrent submissions; null = store.enqueue() directly. Every other store call goes to `store`.
  tasks::Enqueuer* enqueuer = nullptr;
};

class FrontDoor {
 public:
  virtual ~FrontDoor() = default;

  /// True when `request` is addressed to this vendor.
  virtual bool accepts(const ApiRequest& request) const = 0;

  /// Answers `request` in the vendor's shape; `respond` is called once, on this thread or a vendor's own.
  virtual void handle(ApiRequest request, Respond respond) = 0;

  /// The notification of a finished task of this vendor; nullopt for other vendors' tasks or none due.
  virtual std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord& task) const = 0;

  /// Stops the vendor's own threads once the server no longer calls handle(); accepted work is answered.
  virtual void stop() {}
};

/// What a vendor's own threads and caches hold open, for the gateway's descriptor budget.
struct DescriptorNeeds {
  int threads = 0;           // threads that open inputs and outputs (a few descriptors each)
  int64_t open_inputs = 0;   // inputs kept open between requests (one each)
};

class Vendor {
 public:
  virtual ~Vendor() = default;

  /// A short lowercase name, unique in the registry (logs, the config's settings map).
  virtual std::string_view name() const = 0;

  /// The top-level config keys it reads. Several vendors may read one key, each its own members.
  virtual std::vector<std::string_view> config_keys() const = 0;

  /// Its part of the config file's JSON schema: {"properties": {<each of config_keys()>}, "$defs": {...}}.
  //
  // For a vendor in adapters/<folder>/ the part is <folder>/config.schema.json, embedded at build time. The
  // gateway assembles the schema (`thumbgate config schema`) from its own part, gateway/config.schema.json,
  // and every vendor's. A key one vendor reads is declared by it: the key's whole subschema. A key several
  // vendors read is declared by one of them (type, description, additionalProperties, its own members);
  // each other contributes its members only, as {"properties": {...}} and nothing else. Contributed members
  // follow the declaration's own, contributors in registry order, whether the declaring vendor is listed
  // before or after them. All parts share one "$defs" ("#/$defs/<name>" refers to the assembled schema's),
  // so their names must differ. A key declared twice, a contribution without a declaration, a member or a
  // "$defs" name given twice and a "$ref" to no "$defs" entry are errors.
  virtual std::string_view config_schema() const = 0;

  /// Reads and validates its settings from the config's root object (its keys only; absent keys keep
  /// defaults). The error names the field path and what is wrong.
  virtual tg::Result<VendorSettings, std::string> read_config(const rapidjson::Value& root,
                                                              const ConfigContext& context) const = 0;

  /// True when its front door serves routes with these settings (a vendor without keys has none).
  virtual bool serves(const VendorSettings& settings) const = 0;

  /// True when it takes its requests before the gateway's own paths (/outputs/, /healthz).
  virtual bool before_gateway_paths() const { return false; }

  /// What its front door will hold open with these settings.
  virtual DescriptorNeeds descriptor_needs(const VendorSettings& /*settings*/) const { return {}; }

  /// Runs once when the gateway starts, before its front door is built; lines for the operator go to
  /// `notice` (printed after the listen address).
  virtual tg::Result<Ok, std::string> on_start(VendorSettings& /*settings*/, const StartContext& /*context*/,
                                               std::ostream& /*notice*/) const {
    return Ok{};
  }

  /// Its front door, built from its settings and the shared dependencies.
  virtual std::unique_ptr<FrontDoor> make_front_door(const VendorSettings& settings,
                                                     const VendorDeps& deps) const = 0;
};

/// The vendors a gateway serves, in routing order.
using VendorList = std::vector<std::shared_ptr<const Vendor>>;

}  // namespace tg::adapters
