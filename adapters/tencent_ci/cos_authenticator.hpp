#pragma once
// Who may read a bucket: checks the COS request signature (Authorization header, or the same q-* fields
// in the query) against the configured credentials, its q-sign-time window against the clock, and lets
// anonymous requests through only on public-read buckets.

#include <cstdint>

#include "adapters/tencent_ci/ci_settings.hpp"
#include "adapters/tencent_ci/cos_error.hpp"
#include "core/api_message.hpp"
#include "core/result.hpp"

namespace tg::adapters::tencent_ci {

/// Ok when `request` may read `bucket` at `now_s`; otherwise the COS error to answer with.
tg::Result<Ok, CosError> authorize(const CiSettings& settings, const CiBucket& bucket, const ApiRequest& request,
                                   int64_t now_s);

}  // namespace tg::adapters::tencent_ci
