#pragma once
// The error every store interface (tasks, callback outbox, media table) reports.

#include <string>

#include "core/result.hpp"

namespace tg::tasks {

struct StoreError {
  std::string message;
};

template <class T>
using StoreResult = tg::Result<T, StoreError>;

}  // namespace tg::tasks
