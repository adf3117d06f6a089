#pragma once
// The Tencent COS / Cloud Infinite GetSnapshot front door: routes the request to its bucket, checks the
// COS signature, parses the snapshot parameters, answers from the result cache or runs the snapshot on the
// bounded snapshot pool (never on the HTTP threads), and answers with the image or a COS XML error.

#include <atomic>
#include <string>

#include "adapters/front_door.hpp"
#include "adapters/tencent_ci/ci_settings.hpp"
#include "adapters/tencent_ci/cos_error.hpp"
#include "core/api_message.hpp"
#include "core/clock.hpp"
#include "engine/hot_input_cache.hpp"
#include "adapters/tencent_ci/cos_result_cache.hpp"
#include "adapters/tencent_ci/snapshot_pool.hpp"

namespace tg::adapters::tencent_ci {

class CosFrontDoor : public FrontDoor {
 public:
  struct Deps {
    const CiSettings& settings;
    std::string media_root;
    const Clock& clock;
    SnapshotPool& pool;
    CosResultCache& results;
    engine::HotInputCache& inputs;
    const OutboundSettings& outbound;  // for buckets whose root is an http(s) origin
    const std::atomic<bool>* cancel = nullptr;  // raised at shutdown: snapshots in progress stop
  };

  explicit CosFrontDoor(Deps deps);

  /// True when `request` is addressed to COS: a bucket's host or custom domain, a COS-shaped virtual
  /// host, or a `ci-process` query parameter.
  bool accepts(const ApiRequest& request) const override;

  /// Answers GetSnapshot (GET or HEAD); `respond` is called once, possibly from a snapshot pool thread.
  void handle(ApiRequest request, Respond respond) override;

  /// GetSnapshot answers synchronously: there is nothing to notify.
  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord&) const override {
    return std::nullopt;
  }

 private:
  Deps deps_;
};

/// The COS error for an engine failure on the object `key` (documented in adapters/tencent_ci/README.md):
/// the error's client-safe message and the key, never its detail.
CosError cos_error_for_engine(const engine::Error& error, const std::string& key);

}  // namespace tg::adapters::tencent_ci
