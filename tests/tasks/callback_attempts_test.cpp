#include <gtest/gtest.h>

#include "store_backends.hpp"

// Each POST of a callback delivery as the stores record it, manual redelivery and the overview's
// callback health.

namespace tg::tasks {
namespace {

using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;

template <class Backend>
class CallbackAttempts : public testing::StoreTest<Backend> {};
TYPED_TEST_SUITE(CallbackAttempts, testing::StoreBackends, testing::StoreBackendNames);

template <class Backend>
class CallbackRedeliver : public testing::StoreTest<Backend> {};
TYPED_TEST_SUITE(CallbackRedeliver, testing::StoreBackends, testing::StoreBackendNames);

template <class Backend>
class CallbackHealth : public testing::StoreTest<Backend> {};
TYPED_TEST_SUITE(CallbackHealth, testing::StoreBackends, testing::StoreBackendNames);

// A finished task "id" with one queued callback; returns the delivery as the outbox holds it.
template <class Store>
CallbackDelivery finished_with_callback(Store& store, const std::string& id, int64_t at) {
  EXPECT_TRUE(store.create(id, sample_spec(), at));
  EXPECT_TRUE(store.claim("w", at, 1'000)->has_value());
  CallbackDelivery callback;
  callback.url = "http://127.0.0.1:1/cb";
  callback.body = R"({"ok":true})";
  EXPECT_TRUE(*store.complete(id, "w", {}, at + 1, callback));
  auto queued = store.callbacks_for(id);
  EXPECT_TRUE(queued && queued->size() == 1u);
  return queued && !queued->empty() ? queued->front() : CallbackDelivery{};
}

// The sender's bookkeeping for one POST.
void record_attempt(CallbackOutbox& store, CallbackDelivery& delivery, int64_t at, int status,
                    const std::string& error, const std::string& response, DeliveryState state) {
  delivery.attempts += 1;
  delivery.updated_ms = at;
  delivery.last_http_status = status;
  delivery.last_error = error;
  delivery.last_response = response;
  delivery.state = to_string(state);
  delivery.next_attempt_ms = at + 1'000;
  auto updated = store.update_callback(delivery);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_TRUE(*updated);
}

TYPED_TEST(CallbackAttempts, EveryUpdateRecordsOnePostInOrder) {
  auto store = this->open();
  ASSERT_TRUE(store);
  CallbackDelivery delivery = finished_with_callback(*store, "t", kT0);
  EXPECT_TRUE(store->callback_attempts("t")->empty());
  record_attempt(*store, delivery, kT0 + 10, 0, "Couldn't connect to server", "", DeliveryState::kPending);
  record_attempt(*store, delivery, kT0 + 20, 500, "HTTP 500", "{\"error\":\"busy\"}", DeliveryState::kPending);
  record_attempt(*store, delivery, kT0 + 30, 204, "", "", DeliveryState::kDelivered);

  auto attempts = store->callback_attempts("t");
  ASSERT_TRUE(attempts) << attempts.error().message;
  ASSERT_EQ(attempts->size(), 3u);
  for (size_t i = 0; i < attempts->size(); ++i) {
    EXPECT_EQ((*attempts)[i].callback_id, delivery.id);
    EXPECT_EQ((*attempts)[i].number, static_cast<int>(i) + 1);
  }
  EXPECT_EQ((*attempts)[0].at_ms, kT0 + 10);
  EXPECT_EQ((*attempts)[0].http_status, 0);
  EXPECT_EQ((*attempts)[0].error, "Couldn't connect to server");
  EXPECT_EQ((*attempts)[1].http_status, 500);
  EXPECT_EQ((*attempts)[1].error, "HTTP 500");
  EXPECT_EQ((*attempts)[1].response_snippet, "{\"error\":\"busy\"}");
  EXPECT_EQ((*attempts)[2].http_status, 204);
  EXPECT_EQ((*attempts)[2].error, "");

  // The delivery keeps its last answer.
  const CallbackDelivery stored = store->callbacks_for("t")->front();
  EXPECT_EQ(stored.attempts, 3);
  EXPECT_EQ(stored.last_http_status, 204);
  EXPECT_EQ(stored.state, "delivered");
  EXPECT_TRUE(store->callback_attempts("other")->empty());
}

TYPED_TEST(CallbackAttempts, AnUpdateOfAnUnknownDeliveryRecordsNothing) {
  auto store = this->open();
  ASSERT_TRUE(store);
  CallbackDelivery delivery = finished_with_callback(*store, "t", kT0);
  CallbackDelivery ghost = delivery;
  ghost.id = delivery.id + 1000;
  ghost.attempts = 1;
  auto updated = store->update_callback(ghost);
  ASSERT_TRUE(updated);
  EXPECT_FALSE(*updated);
  EXPECT_TRUE(store->callback_attempts("t")->empty());
}

TYPED_TEST(CallbackAttempts, DeletingTheTaskDeletesItsDeliveriesAndTheirAttempts) {
  auto store = this->open();
  ASSERT_TRUE(store);
  CallbackDelivery delivery = finished_with_callback(*store, "t", kT0);
  record_attempt(*store, delivery, kT0 + 10, 200, "", "ok", DeliveryState::kDelivered);
  ASSERT_EQ(*store->delete_finished({"t"}), 1);
  EXPECT_TRUE(store->callback_attempts("t")->empty());
  // A task created again under the same id and its delivery start from number 1.
  CallbackDelivery again = finished_with_callback(*store, "t", kT0 + 100);
  record_attempt(*store, again, kT0 + 110, 200, "", "ok", DeliveryState::kDelivered);
  auto attempts = store->callback_attempts("t");
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].number, 1);
  EXPECT_EQ((*attempts)[0].callback_id, again.id);
}

TYPED_TEST(CallbackRedeliver, PutsADoneDeliveryBackKeepingItsAttempts) {
  auto store = this->open();
  ASSERT_TRUE(store);
  CallbackDelivery delivery = finished_with_callback(*store, "t", kT0);
  // Pending: nothing to do.
  EXPECT_EQ(*store->redeliver(delivery.id, kT0 + 5), Redelivery::kAlreadyPending);
  record_attempt(*store, delivery, kT0 + 10, 500, "HTTP 500", "", DeliveryState::kPending);
  record_attempt(*store, delivery, kT0 + 20, 500, "HTTP 500", "", DeliveryState::kFailed);
  EXPECT_TRUE(store->due_callbacks(kT0 + 100'000, 10)->empty());

  ASSERT_EQ(*store->redeliver(delivery.id, kT0 + 50), Redelivery::kQueued);
  const CallbackDelivery back = store->callbacks_for("t")->front();
  EXPECT_EQ(back.state, "pending");
  EXPECT_EQ(back.next_attempt_ms, kT0 + 50);
  EXPECT_EQ(back.attempts, 2);
  EXPECT_EQ(back.redelivered_after, 2);
  EXPECT_EQ(back.updated_ms, kT0 + 20);  // the last attempt made
  auto due = store->due_callbacks(kT0 + 50, 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().id, delivery.id);
  EXPECT_EQ(*store->redeliver(delivery.id, kT0 + 60), Redelivery::kAlreadyPending);

  // A delivered one may be sent again too.
  CallbackDelivery resent = due->front();
  record_attempt(*store, resent, kT0 + 70, 200, "", "", DeliveryState::kDelivered);
  EXPECT_EQ(*store->redeliver(delivery.id, kT0 + 80), Redelivery::kQueued);
  EXPECT_EQ(store->callbacks_for("t")->front().redelivered_after, 3);
  EXPECT_EQ(store->callback_attempts("t")->size(), 3u);
  EXPECT_EQ(*store->redeliver(delivery.id + 1000, kT0 + 90), Redelivery::kUnknown);
}

TYPED_TEST(CallbackHealth, CountsRecentFailuresAndWhatIsPending) {
  auto store = this->open();
  ASSERT_TRUE(store);
  CallbackDelivery old_failure = finished_with_callback(*store, "a", kT0);
  CallbackDelivery new_failure = finished_with_callback(*store, "b", kT0);
  CallbackDelivery delivered = finished_with_callback(*store, "c", kT0);
  finished_with_callback(*store, "d", kT0);  // pending, never tried
  CallbackDelivery retrying = finished_with_callback(*store, "e", kT0);
  record_attempt(*store, old_failure, kT0 + 10, 500, "HTTP 500", "", DeliveryState::kFailed);
  record_attempt(*store, new_failure, kT0 + 1'000, 0, "timeout", "", DeliveryState::kFailed);
  record_attempt(*store, delivered, kT0 + 1'000, 200, "", "", DeliveryState::kDelivered);
  record_attempt(*store, retrying, kT0 + 1'000, 503, "HTTP 503", "", DeliveryState::kPending);

  auto health = store->callback_health(kT0 + 1'000);
  ASSERT_TRUE(health) << health.error().message;
  EXPECT_EQ(health->first, 1);
  EXPECT_EQ(health->second, 2);
  EXPECT_EQ(store->callback_health(kT0)->first, 2);
  EXPECT_EQ(store->callback_health(kT0 + 1'001)->first, 0);
}

}  // namespace
}  // namespace tg::tasks
