// CreateImageSprite over HTTP against the real server: sheets of the template's geometry, a WebVTT that
// covers the clip, GetTaskInfo's FINISH view and the CreateImageSpriteComplete v4.0 event.

#include <rapidjson/document.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <sstream>

#include "integration/request_log.hpp"
#include "integration/tencent_vod_fixture.hpp"
#include "support/callback_receiver.hpp"
#include "support/image_probe.hpp"

namespace tg::testing {
namespace {

class VodSprite : public VodFixture {};

std::vector<uint8_t> bytes_of(const std::string& text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

double vtt_seconds(const std::string& text) {
  int h = 0, m = 0, s = 0, ms = 0;
  EXPECT_EQ(std::sscanf(text.c_str(), "%d:%d:%d.%d", &h, &m, &s, &ms), 4) << text;
  return h * 3600.0 + m * 60.0 + s + ms / 1000.0;
}

/// The clip's video duration in seconds, measured with ffprobe (the reference tool).
double clip_duration(const std::string& path) {
  std::string cmd = "ffprobe -v error -select_streams v:0 -show_entries stream=duration -of csv=p=0 '" + path + "'";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return -1;
  char line[128] = {0};
  const bool read = std::fgets(line, sizeof line, pipe) != nullptr;
  ::pclose(pipe);
  return read ? std::atof(line) : -1;
}

std::string last_segment(const std::string& url) {
  return url.substr(url.rfind('/') + 1);
}

TEST_F(VodSprite, CustomTemplateMakesPagesWebVttAndEvent) {
  CallbackReceiver receiver;
  start(vod_config(100, receiver.url("/vod/events")));
  std::string body =
      vod_call(kVodKeyA, {{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}, {"definition", "20"}});
  ASSERT_EQ(vod_code(body), 0) << body;
  const std::string task_id = json_field(body, "vodTaskId");
  ASSERT_EQ(task_id.rfind("CreateImageSprite-", 0), 0u) << body;

  body = wait_finish(kVodKeyA, task_id);
  EXPECT_EQ(vod_code(body), 0) << body;
  EXPECT_EQ(json_field(body, "type"), "CreateImageSprite");
  const std::regex v2_time(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})");
  for (const char* field : {"createTime", "beginProcessTime", "finishTime"}) {
    EXPECT_TRUE(std::regex_match(json_field(body, field), v2_time)) << field << " in " << body;
  }
  EXPECT_EQ(json_field(body, "data.errCode"), "0") << body;
  EXPECT_EQ(json_field(body, "data.fileId"), "1397757897438985100");
  EXPECT_EQ(json_field(body, "data.definition"), "20");

  // 6 s clip, a cell every second: cells at 0..5 s, 4 cells (2x2) per page -> 2 pages.
  const double duration = clip_duration(dir_ + "/media/clip.mp4");
  ASSERT_GT(duration, 5.0);
  const int cells = static_cast<int>(std::ceil(duration - 1e-6));
  EXPECT_EQ(json_field(body, "data.totalCount"), std::to_string(cells)) << body;
  const std::vector<std::string> pages = json_strings(body, "data.imageSpriteUrl");
  ASSERT_EQ(static_cast<int>(pages.size()), (cells + 3) / 4) << body;
  ASSERT_GE(pages.size(), 2u);
  std::vector<std::string> page_names;
  for (const std::string& url : pages) {
    ASSERT_EQ(url.rfind(server_->base_url() + "/outputs/" + task_id + "/", 0), 0u) << url;
    auto res = http_get(url);
    ASSERT_EQ(res.status, 200) << url;
    EXPECT_EQ(res.header("content-type"), "image/jpeg");
    auto info = probe_image_bytes(bytes_of(res.body));
    ASSERT_TRUE(info) << "page is not a decodable image: " << url;
    EXPECT_EQ(info->codec, "mjpeg");
    EXPECT_EQ(info->width, 2 * 64);
    EXPECT_EQ(info->height, 2 * 48);
    page_names.push_back(last_segment(url));
  }

  const std::string vtt_url = json_field(body, "data.webVttUrl");
  auto vtt = http_get(vtt_url);
  ASSERT_EQ(vtt.status, 200) << vtt_url;
  ASSERT_EQ(vtt.body.rfind("WEBVTT", 0), 0u) << vtt.body;
  const std::regex cue(
      R"((\d+:\d{2}:\d{2}\.\d{3}) --> (\d+:\d{2}:\d{2}\.\d{3})\s*\n([^#\s]+)#xywh=(\d+),(\d+),(\d+),(\d+))");
  std::vector<std::smatch> cues;
  for (auto it = std::sregex_iterator(vtt.body.begin(), vtt.body.end(), cue); it != std::sregex_iterator(); ++it) {
    cues.push_back(*it);
  }
  ASSERT_EQ(static_cast<int>(cues.size()), cells) << vtt.body;
  EXPECT_EQ(cues.front()[1].str(), "00:00:00.000");
  EXPECT_NEAR(vtt_seconds(cues.back()[2].str()), duration, 0.001) << vtt.body;
  double previous_end = 0;
  for (const auto& c : cues) {
    EXPECT_NEAR(vtt_seconds(c[1].str()), previous_end, 0.001) << "cues leave a gap: " << vtt.body;
    previous_end = vtt_seconds(c[2].str());
    EXPECT_NE(std::find(page_names.begin(), page_names.end(), c[3].str()), page_names.end()) << c[3].str();
    const int x = std::stoi(c[4].str()), y = std::stoi(c[5].str()), w = std::stoi(c[6].str()),
              h = std::stoi(c[7].str());
    EXPECT_EQ(w, 64);
    EXPECT_EQ(h, 48);
    EXPECT_LE(x + w, 128);
    EXPECT_LE(y + h, 96);
  }

  auto events = receiver.wait_for(1, 30000);
  ASSERT_EQ(events.size(), 1u) << "no CreateImageSpriteComplete event";
  EXPECT_EQ(events[0].method, "POST");
  EXPECT_EQ(events[0].target, "/vod/events");
  rapidjson::Document doc;
  doc.Parse(events[0].body.c_str());
  ASSERT_FALSE(doc.HasParseError()) << events[0].body;
  EXPECT_STREQ(doc["version"].GetString(), "4.0");
  EXPECT_STREQ(doc["eventType"].GetString(), "CreateImageSpriteComplete");
  const auto& data = doc["data"];
  EXPECT_EQ(data["status"].GetInt(), 0);
  EXPECT_STREQ(data["message"].GetString(), "");
  EXPECT_EQ(std::string(data["vodTaskId"].GetString()), task_id);
  EXPECT_STREQ(data["fileId"].GetString(), "1397757897438985100");
  EXPECT_EQ(data["definition"].GetInt(), 20);
  EXPECT_EQ(data["totalCount"].GetInt(), cells);
  ASSERT_TRUE(data["imageSpriteUrl"].IsArray());
  ASSERT_EQ(data["imageSpriteUrl"].Size(), pages.size());
  for (rapidjson::SizeType i = 0; i < data["imageSpriteUrl"].Size(); ++i) {
    EXPECT_EQ(std::string(data["imageSpriteUrl"][i].GetString()), pages[i]);
  }
  EXPECT_EQ(std::string(data["webVttUrl"].GetString()), vtt_url);
}

TEST_F(VodSprite, PresetTenMakesOnePageOf1420x800) {
  start(vod_config());
  std::string body =
      vod_call(kVodKeyA, {{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}, {"definition", "10"}});
  ASSERT_EQ(vod_code(body), 0) << body;
  const std::string task_id = json_field(body, "vodTaskId");
  body = wait_finish(kVodKeyA, task_id);
  EXPECT_EQ(json_field(body, "data.totalCount"), "1") << body;
  const std::vector<std::string> pages = json_strings(body, "data.imageSpriteUrl");
  ASSERT_EQ(pages.size(), 1u) << body;
  auto res = http_get(pages[0]);
  ASSERT_EQ(res.status, 200);
  auto info = probe_image_bytes(bytes_of(res.body));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->width, 1420);
  EXPECT_EQ(info->height, 800);
  // The submission's log line names the SecretId and the task.
  EXPECT_TRUE(has_served_line(server_->output(), "tencent_vod", kVodKeyA.secret_id, task_id)) << server_->output();
}

// GetTaskInfo answers from what the worker stored with the task: it reads no output file, so the count stays
// right when the index is gone from the outputs folder (or lives in a store the gateway cannot open).
TEST_F(VodSprite, TaskInfoCountsCellsWithoutReadingTheIndexFile) {
  start(vod_config());
  std::string body =
      vod_call(kVodKeyA, {{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}, {"definition", "20"}});
  ASSERT_EQ(vod_code(body), 0) << body;
  const std::string task_id = json_field(body, "vodTaskId");
  body = wait_finish(kVodKeyA, task_id);
  const std::string cells = json_field(body, "data.totalCount");
  ASSERT_NE(cells, "0") << body;
  const std::string vtt_url = json_field(body, "data.webVttUrl");
  const std::string vtt_path = dir_ + "/data/outputs/" + task_id + "/" + last_segment(vtt_url);
  ASSERT_TRUE(std::filesystem::remove(vtt_path)) << vtt_path;
  body = vod_call(kVodKeyA, {{"Action", "GetTaskInfo"}, {"vodTaskId", task_id}});
  EXPECT_EQ(json_field(body, "data.totalCount"), cells) << body;
}

TEST_F(VodSprite, FailedTaskReportsFinishWithErrorAndEvent) {
  CallbackReceiver receiver;
  start(vod_config(100, receiver.url("/vod/events")));
  {
    std::ofstream broken(dir_ + "/media/broken.mp4");
    broken << "this is not a video";
  }
  std::string body =
      vod_call(kVodKeyA, {{"Action", "CreateImageSprite"}, {"fileId", "broken.mp4"}, {"definition", "10"}});
  ASSERT_EQ(vod_code(body), 0) << body;
  const std::string task_id = json_field(body, "vodTaskId");
  body = wait_finish(kVodKeyA, task_id);
  EXPECT_EQ(json_field(body, "data.errCode"), "-43001") << body;
  EXPECT_FALSE(json_field(body, "data.message").empty()) << body;
  auto events = receiver.wait_for(1, 30000);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(json_field(events[0].body, "data.status"), "-43001") << events[0].body;
  EXPECT_EQ(json_field(events[0].body, "data.vodTaskId"), task_id);
  EXPECT_FALSE(json_field(events[0].body, "data.message").empty());
}

}  // namespace
}  // namespace tg::testing
