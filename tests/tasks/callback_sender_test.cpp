#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/clock.hpp"
#include "support/callback_receiver.hpp"
#include "task_test_support.hpp"
#include "tasks/callback_sender.hpp"
#include "tasks/maintenance.hpp"

namespace tg::tasks {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kT0 = 1'700'000'000'000;

class CallbackSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir();
    store_ = testing::open_store(dir_);
    ASSERT_TRUE(store_);
  }

  // A finished task whose completion queued one callback to `url`; returns the callback's id.
  int64_t queue_callback(const std::string& task_id, const std::string& url, int64_t now_ms) {
    EXPECT_TRUE(store_->create(task_id, testing::sample_spec(), now_ms));
    EXPECT_TRUE(store_->claim("w", now_ms, 60'000)->has_value());
    CallbackDelivery delivery;
    delivery.url = url;
    delivery.body = R"({"task":")" + task_id + R"("})";
    delivery.content_type = "application/json; charset=utf-8";
    EXPECT_TRUE(*store_->complete(task_id, "w", {}, now_ms, delivery));
    return store_->callbacks_for(task_id)->front().id;
  }

  CallbackDelivery only_callback(const std::string& task_id) {
    auto callbacks = store_->callbacks_for(task_id);
    EXPECT_TRUE(callbacks);
    EXPECT_EQ(callbacks->size(), 1u);
    return callbacks->empty() ? CallbackDelivery{} : callbacks->front();
  }

  // Waits until the task's callback leaves "pending".
  CallbackDelivery wait_settled(const std::string& task_id, std::chrono::milliseconds timeout = 10s) {
    auto until = std::chrono::steady_clock::now() + timeout;
    CallbackDelivery current = only_callback(task_id);
    while (current.state == "pending" && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(5ms);
      current = only_callback(task_id);
    }
    return current;
  }

  // The maintenance loop that looks for due retries every sender poll; nothing else of it runs often.
  std::unique_ptr<Maintenance> retries_for(CallbackSender& sender) {
    Maintenance::Options rare{.retention_ms = 0, .period_ms = 3'600'000, .requeue_period_ms = 3'600'000};
    auto loop = std::make_unique<Maintenance>(*store_, clock_, rare, &sender);
    loop->start();
    return loop;
  }

  static CallbackSender::Options fast_options() {
    CallbackSender::Options o;
    o.poll_ms = 5;
    o.timeout_ms = 2000;
    o.retry_delays_ms = {10, 10, 10, 10, 10};
    o.policy = *AddressPolicy::from_allow_list({"127.0.0.1"});  // where the test receivers listen
    return o;
  }

  std::string dir_;
  std::unique_ptr<SqliteTaskStore> store_;
  SystemClock clock_;
};

TEST_F(CallbackSenderTest, TwoHundredIsDeliveredOnTheFirstAttempt) {
  tg::testing::CallbackReceiver receiver;
  receiver.script_statuses({204});
  queue_callback("t1", receiver.url("/hook?x=1"), clock_.now_ms());
  CallbackSender sender(*store_, clock_, fast_options());
  sender.start();
  sender.wake();
  CallbackDelivery settled = wait_settled("t1");
  sender.stop();
  EXPECT_EQ(settled.state, "delivered");
  EXPECT_EQ(settled.attempts, 1);
  EXPECT_TRUE(settled.last_error.empty());
  EXPECT_GT(settled.updated_ms, 0);
  auto received = receiver.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/hook?x=1");
  EXPECT_EQ(received[0].body, R"({"task":"t1"})");
  bool saw_type = false;
  for (const auto& [name, value] : received[0].headers) {
    if (name == "content-type") {
      saw_type = true;
      EXPECT_EQ(value, "application/json; charset=utf-8");
    }
  }
  EXPECT_TRUE(saw_type);
}

TEST_F(CallbackSenderTest, ServerErrorThenSuccessIsDeliveredOnTheSecondAttempt) {
  tg::testing::CallbackReceiver receiver;
  receiver.script_statuses({500, 200});
  queue_callback("t2", receiver.url(), clock_.now_ms());
  CallbackSender sender(*store_, clock_, fast_options());
  sender.start();
  auto loop = retries_for(sender);
  CallbackDelivery settled = wait_settled("t2");
  loop->stop();
  sender.stop();
  EXPECT_EQ(settled.state, "delivered");
  EXPECT_EQ(settled.attempts, 2);
  EXPECT_EQ(receiver.received().size(), 2u);
}

TEST_F(CallbackSenderTest, AlwaysFailingGivesUpAfterSixAttempts) {
  tg::testing::CallbackReceiver receiver;
  receiver.script_statuses({500, 502, 503, 500, 404, 500, 500, 500});
  queue_callback("t3", receiver.url(), clock_.now_ms());
  CallbackSender sender(*store_, clock_, fast_options());
  sender.start();
  auto loop = retries_for(sender);
  CallbackDelivery settled = wait_settled("t3");
  std::this_thread::sleep_for(50ms);  // room for a (wrong) seventh attempt
  loop->stop();
  sender.stop();
  EXPECT_EQ(settled.state, "failed");
  EXPECT_EQ(settled.attempts, 6);
  EXPECT_EQ(settled.last_error, "HTTP 500");
  EXPECT_EQ(receiver.received().size(), 6u);
  EXPECT_EQ(sender.stats().failed, 1);
  EXPECT_EQ(sender.stats().retried, 5);
}

TEST_F(CallbackSenderTest, RetriesAreScheduledByTheMaintenanceLoopAlone) {
  tg::testing::CallbackReceiver receiver;
  receiver.script_statuses({500, 200});
  queue_callback("t-loop", receiver.url(), clock_.now_ms());
  CallbackSender sender(*store_, clock_, fast_options());  // a retry 10 ms after a failure, polls of 5 ms
  sender.start();
  auto until = std::chrono::steady_clock::now() + 10s;
  while (only_callback("t-loop").attempts < 1 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(2ms);
  }
  ASSERT_EQ(only_callback("t-loop").attempts, 1);
  std::this_thread::sleep_for(100ms);  // the retry is long due: the sender does not look on its own
  EXPECT_EQ(only_callback("t-loop").attempts, 1);
  EXPECT_EQ(receiver.received().size(), 1u);

  Maintenance loop(*store_, clock_, {.retention_ms = 0}, &sender);
  EXPECT_EQ(loop.run_due(), 3);  // requeue, callbacks, retention: every job on the first call
  EXPECT_EQ(loop.stats().callback_passes, 1);
  CallbackDelivery settled = wait_settled("t-loop");
  sender.stop();
  EXPECT_EQ(settled.state, "delivered");
  EXPECT_EQ(settled.attempts, 2);
}

TEST_F(CallbackSenderTest, RetriesFollowTheDelaysAndRedirectsAreNotFollowed) {
  tg::testing::CallbackReceiver receiver;
  receiver.script_statuses({302, 500});
  ManualClock clock(kT0);
  queue_callback("t4", receiver.url(), kT0);
  CallbackSender::Options o = fast_options();
  o.retry_delays_ms = {2000, 4000};
  CallbackSender sender(*store_, clock, o);

  EXPECT_EQ(sender.deliver_due(), 1);
  CallbackDelivery first = only_callback("t4");
  EXPECT_EQ(first.state, "pending");
  EXPECT_EQ(first.attempts, 1);
  EXPECT_EQ(first.last_error, "HTTP 302");
  EXPECT_EQ(first.next_attempt_ms, kT0 + 2000);

  clock.set_ms(kT0 + 1999);
  EXPECT_EQ(sender.deliver_due(), 0);  // not due yet
  clock.set_ms(kT0 + 2000);
  EXPECT_EQ(sender.deliver_due(), 1);
  CallbackDelivery second = only_callback("t4");
  EXPECT_EQ(second.attempts, 2);
  EXPECT_EQ(second.next_attempt_ms, kT0 + 2000 + 4000);

  clock.set_ms(kT0 + 6000);
  EXPECT_EQ(sender.deliver_due(), 1);  // the scripted statuses ran out: 200
  EXPECT_EQ(only_callback("t4").state, "delivered");
  EXPECT_EQ(receiver.received().size(), 3u);
}

TEST_F(CallbackSenderTest, EachAttemptKeepsItsStatusErrorAndTheStartOfTheAnswer) {
  tg::testing::CallbackReceiver receiver;
  receiver.script_statuses({500});
  // 255 ASCII bytes and then a three-byte character: the snippet ends before it, valid UTF-8.
  receiver.set_response_body(std::string(255, 'e') + "\xE8\x85\xBE" + std::string(4000, 'x'));
  ManualClock clock(kT0);
  const int64_t id = queue_callback("t-answer", receiver.url(), kT0);
  CallbackSender::Options o = fast_options();
  o.retry_delays_ms = {1000};
  CallbackSender sender(*store_, clock, o);
  EXPECT_EQ(sender.deliver_due(), 1);
  CallbackDelivery first = only_callback("t-answer");
  EXPECT_EQ(first.last_http_status, 500);
  EXPECT_EQ(first.last_response, std::string(255, 'e'));

  receiver.set_response_body(R"({"code":0,"message":"accepted"})");
  clock.set_ms(kT0 + 1000);
  EXPECT_EQ(sender.deliver_due(), 1);
  CallbackDelivery second = only_callback("t-answer");
  EXPECT_EQ(second.state, "delivered");
  EXPECT_EQ(second.last_http_status, 200);
  EXPECT_EQ(second.last_response, R"({"code":0,"message":"accepted"})");

  auto attempts = store_->callback_attempts("t-answer");
  ASSERT_TRUE(attempts) << attempts.error().message;
  ASSERT_EQ(attempts->size(), 2u);
  EXPECT_EQ((*attempts)[0].callback_id, id);
  EXPECT_EQ((*attempts)[0].number, 1);
  EXPECT_EQ((*attempts)[0].at_ms, kT0);
  EXPECT_EQ((*attempts)[0].http_status, 500);
  EXPECT_EQ((*attempts)[0].error, "HTTP 500");
  EXPECT_EQ((*attempts)[0].response_snippet, std::string(255, 'e'));
  EXPECT_EQ((*attempts)[1].number, 2);
  EXPECT_EQ((*attempts)[1].at_ms, kT0 + 1000);
  EXPECT_EQ((*attempts)[1].http_status, 200);
  EXPECT_EQ((*attempts)[1].error, "");
  EXPECT_EQ((*attempts)[1].response_snippet, R"({"code":0,"message":"accepted"})");
}

TEST_F(CallbackSenderTest, AnUnreachableReceiverLeavesNoStatusAndNoAnswer) {
  ManualClock clock(kT0);
  queue_callback("t-gone", "http://127.0.0.1:1/cb", kT0);  // nothing listens on port 1
  CallbackSender sender(*store_, clock, fast_options());
  EXPECT_EQ(sender.deliver_due(), 1);
  auto attempts = store_->callback_attempts("t-gone");
  ASSERT_TRUE(attempts);
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].http_status, 0);
  EXPECT_FALSE((*attempts)[0].error.empty());
  EXPECT_EQ((*attempts)[0].response_snippet, "");
}

TEST_F(CallbackSenderTest, ARedeliveredCallbackGetsTheWholeRetryScheduleAgain) {
  tg::testing::CallbackReceiver receiver;
  receiver.script_statuses({500, 500, 500, 500, 200});
  ManualClock clock(kT0);
  const int64_t id = queue_callback("t-again", receiver.url(), kT0);
  CallbackSender::Options o = fast_options();
  o.retry_delays_ms = {1000};  // two attempts in all
  CallbackSender sender(*store_, clock, o);
  EXPECT_EQ(sender.deliver_due(), 1);
  clock.set_ms(kT0 + 1000);
  EXPECT_EQ(sender.deliver_due(), 1);
  EXPECT_EQ(only_callback("t-again").state, "failed");

  clock.set_ms(kT0 + 5000);
  ASSERT_EQ(*store_->redeliver(id, clock.now_ms()), Redelivery::kQueued);
  EXPECT_EQ(sender.deliver_due(), 1);
  CallbackDelivery third = only_callback("t-again");
  EXPECT_EQ(third.attempts, 3);  // counting on
  EXPECT_EQ(third.state, "pending");  // and retried once more, as a new delivery would be
  EXPECT_EQ(third.next_attempt_ms, kT0 + 6000);
  clock.set_ms(kT0 + 6000);
  EXPECT_EQ(sender.deliver_due(), 1);
  EXPECT_EQ(only_callback("t-again").state, "failed");
  EXPECT_EQ(only_callback("t-again").attempts, 4);

  ASSERT_EQ(*store_->redeliver(id, kT0 + 7000), Redelivery::kQueued);
  clock.set_ms(kT0 + 7000);
  EXPECT_EQ(sender.deliver_due(), 1);
  EXPECT_EQ(only_callback("t-again").state, "delivered");
  EXPECT_EQ(store_->callback_attempts("t-again")->size(), 5u);
  EXPECT_EQ(receiver.received().size(), 5u);
}

TEST_F(CallbackSenderTest, ARestartedSenderResumesPendingDeliveries) {
  tg::testing::CallbackReceiver receiver;
  receiver.script_statuses({503});
  ManualClock clock(kT0);
  queue_callback("t5", receiver.url(), kT0);
  CallbackSender::Options o = fast_options();
  o.retry_delays_ms = {60'000};
  {
    CallbackSender first(*store_, clock, o);
    EXPECT_EQ(first.deliver_due(), 1);
  }
  store_.reset();  // as if the process went away

  auto reopened = testing::open_store(dir_);
  ASSERT_TRUE(reopened);
  clock.set_ms(kT0 + 60'000);
  CallbackSender second(*reopened, clock, o);
  second.start();
  auto until = std::chrono::steady_clock::now() + 10s;
  CallbackDelivery current = reopened->callbacks_for("t5")->front();
  while (current.state == "pending" && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(5ms);
    current = reopened->callbacks_for("t5")->front();
  }
  second.stop();
  EXPECT_EQ(current.state, "delivered");
  EXPECT_EQ(current.attempts, 2);
}

TEST_F(CallbackSenderTest, UnreachableAndNonHttpUrlsAreFailedAttempts) {
  // A port that nothing listens on: bind one, learn its number, close it.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  std::string closed_url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/cb";

  ManualClock clock(kT0);
  queue_callback("refused", closed_url, kT0);
  queue_callback("file", "file:///etc/passwd", kT0);
  queue_callback("gopher", "gopher://127.0.0.1/", kT0);
  CallbackSender sender(*store_, clock, fast_options());
  EXPECT_EQ(sender.deliver_due(), 3);
  for (const char* id : {"refused", "file", "gopher"}) {
    CallbackDelivery c = only_callback(id);
    EXPECT_EQ(c.state, "pending") << id;
    EXPECT_EQ(c.attempts, 1) << id;
    EXPECT_FALSE(c.last_error.empty()) << id;
    EXPECT_EQ(c.last_error.find("HTTP "), std::string::npos) << id << ": " << c.last_error;
  }
}

TEST_F(CallbackSenderTest, SilentServerTimesOut) {
  // Listens but never answers: the connection is accepted by the kernel and then nothing happens.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/cb";

  ManualClock clock(kT0);
  queue_callback("silent", url, kT0);
  CallbackSender::Options o = fast_options();
  o.timeout_ms = 200;
  CallbackSender sender(*store_, clock, o);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(sender.deliver_due(), 1);
  auto took = std::chrono::steady_clock::now() - started;
  close(fd);
  EXPECT_LT(took, 3s);
  CallbackDelivery c = only_callback("silent");
  EXPECT_EQ(c.attempts, 1);
  EXPECT_NE(c.last_error.find("imeout"), std::string::npos) << c.last_error;
}

TEST_F(CallbackSenderTest, StopAbortsAPostInFlightWithoutCountingIt) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/cb";

  queue_callback("inflight", url, clock_.now_ms());
  CallbackSender::Options o = fast_options();
  o.timeout_ms = 30'000;
  CallbackSender sender(*store_, clock_, o);
  sender.start();
  std::this_thread::sleep_for(200ms);
  auto started = std::chrono::steady_clock::now();
  sender.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  close(fd);
  CallbackDelivery c = only_callback("inflight");
  EXPECT_EQ(c.state, "pending");
  EXPECT_EQ(c.attempts, 0);
}

TEST_F(CallbackSenderTest, AddressesTheOutboundPolicyRefusesAreFailedAttemptsThatSendNothing) {
  tg::testing::CallbackReceiver receiver;
  const std::string port = std::to_string(receiver.port());
  ManualClock clock(kT0);
  queue_callback("literal", receiver.url("/cb"), kT0);
  queue_callback("name", "http://localhost:" + port + "/cb", kT0);  // a name that resolves to loopback
  CallbackSender::Options o = fast_options();
  o.policy = AddressPolicy();  // public addresses only
  CallbackSender sender(*store_, clock, o);
  EXPECT_EQ(sender.deliver_due(), 2);
  for (const char* id : {"literal", "name"}) {
    CallbackDelivery c = only_callback(id);
    EXPECT_EQ(c.state, "pending") << id;
    EXPECT_EQ(c.attempts, 1) << id;
    EXPECT_NE(c.last_error.find("address is not allowed"), std::string::npos) << id << ": " << c.last_error;
  }
  // Allowing another loopback address does not let these through either.
  o.policy = *AddressPolicy::from_allow_list({"127.0.0.2", "::1/128"});
  clock.set_ms(kT0 + 10);  // the retry is due
  CallbackSender again(*store_, clock, o);
  EXPECT_EQ(again.deliver_due(), 2);
  EXPECT_EQ(only_callback("name").attempts, 2);
  EXPECT_NE(only_callback("name").last_error.find("address is not allowed"), std::string::npos);
  EXPECT_TRUE(receiver.received().empty());
}

}  // namespace
}  // namespace tg::tasks
