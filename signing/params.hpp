#pragma once
// Request parameters and headers as signatures see them: ordered name/value pairs, repeats kept.

#include <string>
#include <utility>
#include <vector>

namespace tg::signing {

/// One name/value pair (query parameter, form field or header), values already percent-decoded.
using Param = std::pair<std::string, std::string>;
using Params = std::vector<Param>;

}  // namespace tg::signing
