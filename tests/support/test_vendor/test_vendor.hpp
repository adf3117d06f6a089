#pragma once
// A vendor that exists only in the tests, built on nothing but adapters/front_door.hpp and adapters/common:
// GET /test-vendor/snapshot?file=<file id>&ms=<offset> queues a one-image snapshot task and answers
// {"task_id":...}; the finished task is notified to the config's "test_vendor.callback_url" as
// {"task_id":...,"status":...,"urls":[...]}. It shows that a vendor is one folder and one registry line.

#include <memory>

#include "adapters/front_door.hpp"

namespace tg::testing {

std::shared_ptr<const adapters::Vendor> test_vendor();

}  // namespace tg::testing
