// What a job will make, known before it runs, and the limits checked against it.

#include "tasks/job_limits.hpp"

#include <gtest/gtest.h>

namespace tg::tasks {
namespace {

TEST(JobLimits, ImagesAreCountedWhenTheRequestSaysHowMany) {
  Job snapshot;
  snapshot.params = SnapshotJob{};
  snapshot.as<SnapshotJob>().times = {RequestedTime::at_ms(1000), RequestedTime::at_ms(2000),
                                      RequestedTime::at_percent(50)};
  EXPECT_EQ(planned_image_count(snapshot), 3);

  Job percent;
  percent.params = SampleJob{};
  percent.as<SampleJob>().request.percent = true;
  percent.as<SampleJob>().request.interval = 10;
  EXPECT_EQ(planned_image_count(percent), 11);  // 0, 10, ..., 100 %
  percent.as<SampleJob>().request.interval = 0.001;
  EXPECT_EQ(planned_image_count(percent), 100001);
  percent.as<SampleJob>().request.count = 4;
  EXPECT_EQ(planned_image_count(percent), 4);

  Job seconds;
  seconds.params = SampleJob{};
  seconds.as<SampleJob>().request.interval = 1;
  EXPECT_EQ(planned_image_count(seconds), std::nullopt);  // depends on the duration
  seconds.as<SampleJob>().request.count = 20;
  EXPECT_EQ(planned_image_count(seconds), 20);

  Job sprite;
  sprite.params = SpriteJob{};
  EXPECT_EQ(planned_image_count(sprite), std::nullopt);
}

TEST(JobLimits, AJobThatSaysItMakesTooManyImagesIsRefused) {
  Job percent;
  percent.params = SampleJob{};
  percent.as<SampleJob>().request.percent = true;
  percent.as<SampleJob>().request.interval = 0.01;
  auto refused = exceeds_limits(percent, {.max_images = 1000});
  ASSERT_TRUE(refused);
  EXPECT_EQ(*refused, "the request makes 10001 images; a task makes at most 1000");
  percent.as<SampleJob>().request.interval = 1;
  EXPECT_FALSE(exceeds_limits(percent, {.max_images = 1000}));
  Job seconds;
  seconds.params = SampleJob{};
  seconds.as<SampleJob>().request.interval = 0.1;
  EXPECT_FALSE(exceeds_limits(seconds, {.max_images = 1}));  // the runner stops it instead
}

}  // namespace
}  // namespace tg::tasks
