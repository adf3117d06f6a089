#pragma once
// The Tencent COS / Cloud Infinite GetSnapshot front door: routes the request to its bucket, checks the
// COS signature, parses the snapshot parameters, answers from the result cache or runs the snapshot on the
// bounded snapshot pool (never on the HTTP threads), and answers with the image or a COS XML error.

#include <atomic>
#include <string>

#include "adapters/tencent_ci/ci_settings.hpp"
#include "adapters/tencent_ci/cos_error.hpp"
#include "core/api_message.hpp"
#include "core/clock.hpp"
#include "engine/hot_input_cache.hpp"
#include "gateway/config.hpp"
#include "gateway/cos_result_cache.hpp"
#include "gateway/http_server.hpp"
#include "tasks/snapshot_pool.hpp"

namespace tg::gateway {

class CosEndpoint {
 public:
  struct Deps {
    const adapters::tencent_ci::CiSettings& settings;
    std::string media_root;
    const Clock& clock;
    tasks::SnapshotPool& pool;
    CosResultCache& results;
    engine::HotInputCache& inputs;
    const OutboundSettings& outbound;  // for buckets whose root is an http(s) origin
    const std::atomic<bool>* cancel = nullptr;  // raised at shutdown: snapshots in progress stop
  };

  explicit CosEndpoint(Deps deps);

  /// True when `request` is addressed to COS: a bucket's host or custom domain, a COS-shaped virtual
  /// host, or a `ci-process` query parameter.
  bool accepts(const ApiRequest& request) const;

  /// Answers GetSnapshot (GET or HEAD); `respond` is called once, possibly from a snapshot pool thread.
  void handle(ApiRequest request, Respond respond);

 private:
  Deps deps_;
};

/// The COS error for an engine failure on the object `key` (documented in adapters/tencent_ci/README.md):
/// the error's client-safe message and the key, never its detail.
adapters::tencent_ci::CosError cos_error_for_engine(const engine::Error& error, const std::string& key);

}  // namespace tg::gateway
