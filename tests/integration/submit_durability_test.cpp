// Every submission answered as accepted is in the database, even when the server is killed (SIGKILL)
// while other submissions are still arriving: answers are sent only after their batch has committed.

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "integration/gateway_fixture.hpp"
#include "integration/gateway_store.hpp"

namespace tg::testing {
namespace {

class SubmitDurability : public GatewayFixture {};

TEST_F(SubmitDurability, EveryAcceptedTaskSurvivesAKillDuringConcurrentSubmissions) {
  // No workers (tasks stay queued), and a rate high enough that the limiter refuses nothing.
  const std::string apps = R"([{"app_id":")" + kAppA.app_id + R"(","server_secret":")" + kAppA.server_secret +
                           R"(","requests_per_second":10000}])";
  start(R"(,"workers":0,"max_queue":100000,"max_queue_per_app":100000)", apps);
  const std::string base = server_->base_url();

  std::mutex mutex;
  std::set<std::string> accepted;
  std::atomic<int> answered{0};
  std::atomic<bool> stop{false};
  std::atomic<int> other_codes{0};
  std::atomic<int> running{16};
  std::vector<std::thread> clients;
  for (int c = 0; c < 16; ++c) {
    clients.emplace_back([&] {
      struct Leaving {
        std::atomic<int>& running;
        ~Leaving() { --running; }
      } leaving{running};
      while (!stop) {
        auto res = http_get(zego_url(base, kAppA, {{"Action", "MediaThumbnails"},
                                                   {"Vendor", "Tencent"},
                                                   {"FileId", "rec/a.mp4"},
                                                   {"Type", "SnapshotByTimeOffset"},
                                                   {"Definition", "10"},
                                                   {"ExtTimeOffsetSet[]", "1"}}));
        if (res.status == 0) return;  // the server is gone
        const std::string code = json_field(res.body, "Code");
        if (res.status == 200 && code == "0") {
          const std::string id = json_field(res.body, "Data.Tencent.TaskId");
          std::lock_guard lock(mutex);
          accepted.insert(id);
          ++answered;
        } else {
          ++other_codes;
        }
      }
    });
  }
  // Killed while every client is still sending: some submissions are in flight, unanswered.
  while (answered < 300 && other_codes == 0 && running > 0) std::this_thread::yield();
  server_->kill_hard();
  stop = true;
  for (auto& client : clients) client.join();
  ASSERT_EQ(other_codes.load(), 0);
  ASSERT_GE(accepted.size(), 300u);

  auto store = GatewayStore::open(dir_ + "/data");
  ASSERT_TRUE(store);
  for (const std::string& id : accepted) {
    auto found = store->get(id);
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(found->has_value()) << "accepted task " << id << " is not in the database";
    EXPECT_EQ((*found)->status, tasks::TaskStatus::kQueued);
    EXPECT_EQ((*found)->spec.app_id, kAppA.app_id);
  }
  // Nothing but these submissions was stored; some may have committed without their answer arriving.
  auto queued = store->count_queued();
  ASSERT_TRUE(queued);
  EXPECT_GE(*queued, static_cast<int64_t>(accepted.size()));
}

}  // namespace
}  // namespace tg::testing
