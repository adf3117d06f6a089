#pragma once
// The player URLs as a vendor of the registry: the "player" config section, and the front door that
// serves /v/… once the section is in the config file.

#include <memory>

#include "adapters/front_door.hpp"

namespace tg::adapters::player {

std::shared_ptr<const Vendor> player_vendor();

}  // namespace tg::adapters::player
