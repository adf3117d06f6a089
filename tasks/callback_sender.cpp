#include "tasks/callback_sender.hpp"

#include <algorithm>

#include "core/logger.hpp"
#include "tasks/http_post.hpp"
#include "tasks/task_metrics.hpp"

namespace tg::tasks {

CallbackSender::CallbackSender(CallbackOutbox& store, const Clock& clock, Options options)
    : store_(store), clock_(clock), options_(std::move(options)), loop_(clock, [this] { return round(); }) {
  if (options_.poll_ms < 1) options_.poll_ms = 1;
  if (options_.timeout_ms < 1) options_.timeout_ms = 1;
  if (options_.batch < 1) options_.batch = 1;
}

CallbackSender::~CallbackSender() { stop(); }

CallbackSender::Stats CallbackSender::stats() const {
  return Stats{delivered_.load(), retried_.load(), failed_.load(), store_errors_.load()};
}

int64_t CallbackSender::round() {
  const int attempted = deliver_due();
  if (attempted >= options_.batch) return BackgroundLoop::kNow;  // probably more waiting
  // No timer here: when to look again is the maintenance loop's (retries) or a finished task's (wake()).
  return BackgroundLoop::kNoDeadline;
}

int CallbackSender::deliver_due() {
  auto due = store_.due_callbacks(clock_.now_ms(), options_.batch);
  if (!due) {
    ++store_errors_;
    return 0;
  }
  int attempted = 0;
  for (CallbackDelivery& delivery : *due) {
    if (loop_.stopping()) break;
    if (!deliver(std::move(delivery))) break;
    ++attempted;
  }
  return attempted;
}

bool CallbackSender::deliver(CallbackDelivery delivery) {
  PostOutcome outcome =
      http_post(delivery.url, delivery.body, delivery.content_type, options_.timeout_ms, &loop_.stopping(), &options_.policy);
  if (outcome.aborted) return false;  // not an attempt: the next sender makes it

  const int64_t now = clock_.now_ms();
  delivery.attempts += 1;
  delivery.updated_ms = now;
  delivery.last_http_status = outcome.status;
  delivery.last_response = outcome.body_snippet;
  if (outcome.status >= 200 && outcome.status < 300) {
    delivery.state = to_string(DeliveryState::kDelivered);
    delivery.last_error.clear();
    ++delivered_;
  } else {
    delivery.last_error = outcome.status != 0 ? "HTTP " + std::to_string(outcome.status) : outcome.error;
    // A manual redelivery starts the schedule over: attempts made before it do not count.
    const int scheduled = delivery.attempts - std::max(delivery.redelivered_after, 0);
    const auto retry_index = static_cast<size_t>(scheduled - 1);
    if (scheduled >= 1 && retry_index < options_.retry_delays_ms.size()) {
      delivery.next_attempt_ms = now + options_.retry_delays_ms[retry_index];
      ++retried_;
    } else {
      delivery.state = to_string(DeliveryState::kFailed);
      ++failed_;
    }
  }
  const char* result = delivery.state == to_string(DeliveryState::kDelivered) ? "delivered"
                       : delivery.state == to_string(DeliveryState::kFailed) ? "gave_up"
                                                                              : "failed_attempt";
  task_metrics().callback_attempts.inc({result});
  // The URL is not logged: its user information and query may carry the app's credentials.
  tg::log(delivery.state == to_string(DeliveryState::kDelivered) ? LogLevel::kInfo : LogLevel::kWarn,
          "callback attempt",
          {{"task_id", delivery.task_id}, {"attempt", std::to_string(delivery.attempts)}, {"outcome", result},
           {"http_status", std::to_string(outcome.status)}});
  auto recorded = store_.update_callback(delivery);
  if (!recorded) ++store_errors_;
  return true;
}

}  // namespace tg::tasks
