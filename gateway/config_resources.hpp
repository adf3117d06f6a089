#pragma once
// Reader of the config file's top-level resource fields: connection cap and timeouts, shutdown grace,
// retention, per-task output caps and the remote inputs' share of the workers.

#include <rapidjson/document.h>

#include <string>

#include "core/result.hpp"
#include "gateway/config.hpp"

namespace tg::gateway {

/// Reads the resource fields present in the config's root object `root` into `config`.
tg::Result<Ok, std::string> read_resource_fields(const rapidjson::Value& root, Config& config);

}  // namespace tg::gateway
