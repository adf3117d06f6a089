// The submission every vendor shares (adapters/common/task_submission): a task whose text no task store
// can hold as given is this request's invalid parameter, refused before it reaches a batch of other
// clients' submissions, and a store failure reaches the client as one fixed sentence.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "adapters/common/call_admission.hpp"
#include "adapters/common/sliding_window_limiter.hpp"
#include "adapters/common/store_failure.hpp"
#include "adapters/common/task_submission.hpp"
#include "core/clock.hpp"
#include "signing/nonce_cache.hpp"
#include "support/clips.hpp"
#include "tasks/enqueuer.hpp"
#include "tasks/media_resolver.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::adapters {
namespace {

class TaskSubmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tg::testing::fresh_test_dir("task-submission");
    auto opened = tasks::SqliteTaskStore::open(dir_ + "/tasks.db");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    resolver_ = std::make_unique<tasks::MediaResolver>(*store_, dir_);
    clock_.set_ms(1'700'000'000'000);
  }

  VendorDeps deps() {
    return VendorDeps{.admission = admission_,
                      .limiter = limiter_,
                      .store = *store_,
                      .resolver = *resolver_,
                      .clock = clock_,
                      .outbound = outbound_,
                      .outputs_dir = dir_ + "/outputs"};
  }

  static tasks::TaskSpec spec() {
    tasks::TaskSpec spec;
    spec.app_id = "app";
    spec.api = "zego";
    spec.vendor = "tencent";
    spec.type = "SnapshotByTimeOffset";
    spec.source_id = "clip.mp4";
    spec.input = "/media/clip.mp4";
    spec.job.params = tasks::SnapshotJob{};
    return spec;
  }

  std::string dir_;
  std::unique_ptr<tasks::SqliteTaskStore> store_;
  std::unique_ptr<tasks::MediaResolver> resolver_;
  signing::NonceCache nonces_;
  SlidingWindowLimiter limiter_;
  SeparateCallAdmission admission_{nonces_, limiter_};
  ManualClock clock_;
  OutboundSettings outbound_;
};

TEST_F(TaskSubmissionTest, TextNoStoreCanHoldIsAnInvalidParameterAndNothingIsStored) {
  const VendorDeps d = deps();
  int n = 0;
  for (const std::string bad : {std::string("caf\xe9"), std::string("\xff\xfe"), std::string("a\0b", 3)}) {
    for (int field = 0; field < 4; ++field) {
      tasks::TaskSpec s = spec();
      std::string* target = field == 0 ? &s.source_id : field == 1 ? &s.callback_url : field == 2 ? &s.extra
                                                                                                 : &s.job.name_pattern;
      *target = bad;
      const std::string id = "bad-" + std::to_string(n++);
      auto submitted = submit_task(d, id, s, ApiRequest{});
      ASSERT_FALSE(submitted) << field;
      EXPECT_EQ(submitted.error().kind, SubmitRefusal::Kind::kLimits) << field;
      EXPECT_NE(submitted.error().message.find("not UTF-8 text"), std::string::npos) << submitted.error().message;
      EXPECT_FALSE(store_->get(id)->has_value());
    }
  }
  tasks::TaskSpec good = spec();
  good.extra = "caf\xc3\xa9";
  auto submitted = submit_task(d, "good", good, ApiRequest{});
  ASSERT_TRUE(submitted) << submitted.error().message;
  EXPECT_EQ(store_->get("good")->value().spec.extra, "caf\xc3\xa9");
}

// A store whose every write fails with words that name the database.
class FailingEnqueuer final : public tasks::Enqueuer {
 public:
  tasks::StoreResult<tasks::Enqueued> enqueue(std::string, tasks::TaskSpec, int64_t, const tasks::QueueLimits&) override {
    return tg::unexpected(tasks::StoreError{"connecting to postgresql://tg@db.internal:5432/tg: refused"});
  }
  void enqueue_then(std::string id, tasks::TaskSpec spec, int64_t now_ms, const tasks::QueueLimits& limits,
                    Answer answer) override {
    answer(enqueue(std::move(id), std::move(spec), now_ms, limits));
  }
};

TEST_F(TaskSubmissionTest, AStoreFailureReachesTheVendorAsOneSentenceNeverTheStoresWords) {
  FailingEnqueuer failing;
  VendorDeps d = deps();
  d.enqueuer = &failing;
  auto submitted = submit_task(d, "t1", spec(), ApiRequest{});
  ASSERT_FALSE(submitted);
  EXPECT_EQ(submitted.error().kind, SubmitRefusal::Kind::kStore);
  EXPECT_EQ(submitted.error().message, kStoreUnavailable);
  std::optional<Submitted> later;
  submit_task_then(d, "t2", spec(), ApiRequest{}, [&](Submitted result) { later = std::move(result); });
  ASSERT_TRUE(later && !*later);
  EXPECT_EQ(later->error().message, kStoreUnavailable);
}

TEST(StoreFailure, TheClientGetsOneSentenceNeverTheStoresWords) {
  const std::string told =
      store_failure(tasks::StoreError{"connecting to postgresql://tg@db.internal:5432/tg: refused"}, "read a task");
  EXPECT_EQ(told, kStoreUnavailable);
  EXPECT_EQ(told.find("db.internal"), std::string::npos);
}

}  // namespace
}  // namespace tg::adapters
