#include "tasks/callback_sender.hpp"

#include <chrono>

#include "tasks/http_post.hpp"

namespace tg::tasks {

CallbackSender::CallbackSender(CallbackOutbox& store, const Clock& clock, Options options)
    : store_(store), clock_(clock), options_(std::move(options)) {
  if (options_.poll_ms < 1) options_.poll_ms = 1;
  if (options_.timeout_ms < 1) options_.timeout_ms = 1;
  if (options_.batch < 1) options_.batch = 1;
}

CallbackSender::~CallbackSender() { stop(); }

void CallbackSender::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void CallbackSender::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!started_) return;
    stopping_ = true;
  }
  wake_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  started_ = false;
}

void CallbackSender::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wake_generation_;
  }
  wake_cv_.notify_all();
}

CallbackSender::Stats CallbackSender::stats() const {
  return Stats{delivered_.load(), retried_.load(), failed_.load(), store_errors_.load()};
}

void CallbackSender::loop() {
  uint64_t seen = 0;
  while (!stopping_) {
    {
      std::lock_guard lock(mutex_);
      seen = wake_generation_;
    }
    int attempted = deliver_due();
    if (stopping_) return;
    if (attempted >= options_.batch) continue;  // probably more waiting
    // No timer here: when to look again is the maintenance loop's (retries) or a finished task's (wake()).
    std::unique_lock lock(mutex_);
    wake_cv_.wait(lock, [&] { return stopping_.load() || wake_generation_ != seen; });
  }
}

int CallbackSender::deliver_due() {
  auto due = store_.due_callbacks(clock_.now_ms(), options_.batch);
  if (!due) {
    ++store_errors_;
    return 0;
  }
  int attempted = 0;
  for (CallbackDelivery& delivery : *due) {
    if (stopping_) break;
    if (!deliver(std::move(delivery))) break;
    ++attempted;
  }
  return attempted;
}

bool CallbackSender::deliver(CallbackDelivery delivery) {
  PostOutcome outcome =
      http_post(delivery.url, delivery.body, delivery.content_type, options_.timeout_ms, &stopping_, &options_.policy);
  if (outcome.aborted) return false;  // not an attempt: the next sender makes it

  const int64_t now = clock_.now_ms();
  delivery.attempts += 1;
  delivery.updated_ms = now;
  if (outcome.status >= 200 && outcome.status < 300) {
    delivery.state = "delivered";
    delivery.last_error.clear();
    ++delivered_;
  } else {
    delivery.last_error = outcome.status != 0 ? "HTTP " + std::to_string(outcome.status) : outcome.error;
    const auto retry_index = static_cast<size_t>(delivery.attempts - 1);
    if (delivery.attempts >= 1 && retry_index < options_.retry_delays_ms.size()) {
      delivery.next_attempt_ms = now + options_.retry_delays_ms[retry_index];
      ++retried_;
    } else {
      delivery.state = "failed";
      ++failed_;
    }
  }
  auto recorded = store_.update_callback(delivery);
  if (!recorded) ++store_errors_;
  return true;
}

}  // namespace tg::tasks
