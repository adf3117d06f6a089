#pragma once
// A front door that answers every request on the HTTP thread that brought it: its vendor's work there is
// quick store calls, so the answer is ready when answer() returns.

#include "adapters/front_door.hpp"
#include "core/api_message.hpp"

namespace tg::adapters {

class SyncFrontDoor : public FrontDoor {
 public:
  /// The vendor-shaped answer to `request`, on the calling thread.
  virtual ApiResponse answer(const ApiRequest& request) = 0;

  void handle(ApiRequest request, Respond respond) final { respond(answer(request)); }
};

}  // namespace tg::adapters
