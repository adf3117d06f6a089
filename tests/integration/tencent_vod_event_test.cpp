// v4.0 event delivery of the VOD v2 front door: retried after a failing receiver, like every callback,
// and not sent when no event_url is configured.

#include "integration/tencent_vod_fixture.hpp"
#include "support/callback_receiver.hpp"

namespace tg::testing {
namespace {

class VodEvent : public VodFixture {};

TEST_F(VodEvent, EventIsRetriedAfterA500AndDeliveredOnce) {
  CallbackReceiver receiver;
  receiver.script_statuses({500});
  start(vod_config(100, receiver.url("/vod/events")));
  const std::string body = vod_call(kVodKeyA, {{"Action", "CreateSnapshotByTimeOffset"},
                                               {"fileId", "1397757897438985100"},
                                               {"definition", "10"},
                                               {"timeOffset.0", "500"}});
  ASSERT_EQ(vod_code(body), 0) << body;
  auto got = receiver.wait_for(2, 30000);
  ASSERT_EQ(got.size(), 2u) << "the event was not retried after a 500";
  EXPECT_EQ(got[0].body, got[1].body);
  EXPECT_EQ(json_field(got[1].body, "eventType"), "CreateSnapshotByTimeOffsetComplete");
  EXPECT_EQ(json_field(got[1].body, "data.vodTaskId"), json_field(body, "vodTaskId"));
  std::string content_type;
  for (const auto& [name, value] : got[1].headers) {
    if (name == "content-type") content_type = value;
  }
  EXPECT_EQ(content_type.rfind("application/json", 0), 0u) << content_type;
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_EQ(receiver.received().size(), 2u);
}

TEST_F(VodEvent, NoEventUrlNoEvent) {
  CallbackReceiver receiver;
  callback_url_ = receiver.url("/zego");  // the ZEGO apps' callback must not get VOD events either
  start(vod_config());
  const std::string body =
      vod_call(kVodKeyA, {{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}, {"definition", "20"}});
  ASSERT_EQ(vod_code(body), 0) << body;
  wait_finish(kVodKeyA, json_field(body, "vodTaskId"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_TRUE(receiver.received().empty());
}

}  // namespace
}  // namespace tg::testing
