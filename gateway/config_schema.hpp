#pragma once
// The config file's JSON schema, assembled from the gateway's part (gateway/config.schema.json) and each
// vendor's (Vendor::config_schema(), rules in adapters/front_door.hpp). schemas/config.schema.json is the
// standard vendors' assembled schema, for editors.

#include <ostream>
#include <string>

#include "adapters/front_door.hpp"
#include "core/result.hpp"

namespace tg::gateway {

/// The schema for a gateway serving `vendors`, laid out for people (gateway/json_layout.hpp); the error
/// names the part and what is wrong with it.
tg::Result<std::string, std::string> assemble_config_schema(const adapters::VendorList& vendors);

/// `thumbgate config schema`: prints the standard vendors' schema to `out`. Returns the process exit code.
int run_config_schema(std::ostream& out, std::ostream& err);

}  // namespace tg::gateway
