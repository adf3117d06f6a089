#pragma once
// The vendors thumbgate serves.

#include "adapters/front_door.hpp"

namespace tg::adapters {

/// Every built-in vendor in routing order (a vendor asked earlier wins a request both would accept).
VendorList standard_vendors();

}  // namespace tg::adapters
