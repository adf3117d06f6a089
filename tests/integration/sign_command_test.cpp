// `thumbgate sign` for the COS, ICE and MPC APIs: what it prints (a URL, or a curl command run here through
// /bin/sh and the real curl, exactly as an operator would paste it) is accepted by the real server — a real
// image, a real task — and the same request tampered with is refused.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "integration/aliyun_ice_fixture.hpp"
#include "integration/cos_fixture.hpp"
#include "integration/huawei_mpc_fixture.hpp"
#include "support/image_probe.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

namespace fs = std::filesystem;

// The server's own config with public_base_url set to the address it got, written for the CLI.
std::string write_cli_config(const std::string& dir, const std::string& base_url) {
  std::ifstream in(dir + "/config.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string config = text.str();
  config.insert(config.size() - 1, R"(,"public_base_url":")" + base_url + "\"");
  std::ofstream(dir + "/cli.json") << config;
  return dir + "/cli.json";
}

// `thumbgate sign ARGS --config CONFIG`: its single output line (the exit code must be 0).
std::string sign(const std::string& config, std::vector<std::string> args) {
  args.insert(args.begin(), {TG_THUMBGATE_BIN, "sign"});
  args.insert(args.end(), {"--config", config});
  auto res = run_tool(args);
  EXPECT_EQ(res.exit_code, 0) << res.err;
  std::string line = res.out;
  EXPECT_TRUE(!line.empty() && line.back() == '\n') << line;
  while (!line.empty() && line.back() == '\n') line.pop_back();
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  return line;
}

struct ShellRun {
  long status = 0;
  std::string body;  // the answer's body (when the command writes it to stdout)
};

// Runs `command` as pasted into a shell in `dir`, with curl told to add the status code at the end.
ShellRun run_pasted(const std::string& dir, const std::string& command) {
  auto res = run_tool({"/bin/sh", "-c", "cd '" + dir + "' && " + command + " -sS -w '\\n%{http_code}'"});
  EXPECT_EQ(res.exit_code, 0) << command << "\n" << res.err;
  ShellRun run;
  const auto last = res.out.rfind('\n');
  if (last == std::string::npos) return run;
  run.body = res.out.substr(0, last);
  run.status = std::atol(res.out.c_str() + last + 1);
  return run;
}

// `text` with its first `from` replaced by `to` (which must be there).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from << " not in " << text;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class SignCos : public CosFixture {};

TEST_F(SignCos, PrintsACurlCommandWithTheBucketHostThatGetsTheSnapshot) {
  start_cos();
  const std::string config = write_cli_config(dir_, server_->base_url());
  const std::string command =
      sign(config, {"tencent_ci", kCosBucket, "folder/a b(1).mp4", "time=1", "format=png", "width=64"});
  // Only the Host header routes to the bucket on the gateway's address.
  EXPECT_EQ(command.rfind("curl ", 0), 0u) << command;
  EXPECT_NE(command.find(std::string("-H 'Host: ") + kCosHost + "'"), std::string::npos) << command;
  EXPECT_NE(command.find("-o 'snapshot.png'"), std::string::npos) << command;
  EXPECT_NE(command.find("q-signature="), std::string::npos) << command;
  EXPECT_EQ(command.find(kCosSecretKey), std::string::npos);

  const std::string run_dir = dir_ + "/run";
  fs::create_directories(run_dir);
  auto ok = run_pasted(run_dir, command);
  EXPECT_EQ(ok.status, 200) << read_bytes(run_dir + "/snapshot.png");
  auto image = probe_image(run_dir + "/snapshot.png");
  ASSERT_TRUE(image) << read_bytes(run_dir + "/snapshot.png");
  EXPECT_EQ(image->width, 64);

  // A signed parameter changed, another bucket's host, or a signature past its window: refused.
  fs::remove(run_dir + "/snapshot.png");
  auto tampered = run_pasted(run_dir, replaced(command, "time=1", "time=2"));
  EXPECT_EQ(tampered.status, 403);
  EXPECT_EQ(cos_code(read_bytes(run_dir + "/snapshot.png")), "SignatureDoesNotMatch");
  auto other_host = run_pasted(run_dir, replaced(command, "Host: examplebucket-1250000000.cos.ap-beijing",
                                                 "Host: examplebucket-1250000000.cos.ap-beijing.x"));
  EXPECT_EQ(other_host.status, 403);
  EXPECT_EQ(cos_code(read_bytes(run_dir + "/snapshot.png")), "SignatureDoesNotMatch");

  // Credentials the config lacks, and arguments that are not a request.
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "tencent_ci", "nobucket-1", "clip.mp4", "--config", config}).exit_code,
            1);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "tencent_ci", kCosBucket, "clip.mp4", "--secret-id", "AKIDnone",
                      "--config", config})
                .exit_code,
            1);
  // This key may read the public bucket only.
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "tencent_ci", kCosBucket, "clip.mp4", "--secret-id", kCosPublicOnlyId,
                      "--config", config})
                .exit_code,
            1);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "tencent_ci", kCosBucket, "--config", config}).exit_code, 2);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "tencent_ci", kCosBucket, "clip.mp4", "q-ak=x", "--config", config})
                .exit_code,
            2);
}

class SignIce : public IceFixture {};

TEST_F(SignIce, PrintsUrlsThatSubmitAndFollowARealJob) {
  start_ice();
  const std::string config = write_cli_config(dir_, server_->base_url());
  const std::string submit_url =
      sign(config, {"aliyun_ice", "SubmitSnapshotJob", R"(Input={"Type":"OSS","Media":"oss://in-bucket/clip.mp4"})",
                    R"(Output={"Type":"OSS","Media":"oss://out-bucket/cli/shot-{Count}.jpg"})",
                    R"(TemplateConfig={"TemplateId":"tpl-normal","OverwriteParams":{"Count":1,"Time":500}})"});
  EXPECT_EQ(submit_url.rfind(server_->base_url() + "/?Action=SubmitSnapshotJob&Version=2020-11-09&Format=JSON", 0),
            0u)
      << submit_url;
  EXPECT_EQ(submit_url.find(kIceKeySecret), std::string::npos);

  // Tampered first: a refused call does not use up the nonce, so the genuine one still goes through.
  auto tampered = http_get(replaced(submit_url, "Count%22%3A1", "Count%22%3A2"));
  EXPECT_EQ(tampered.status, 400);
  EXPECT_EQ(str_of(json_of(tampered.body), "Code"), "SignatureDoesNotMatch") << tampered.body;

  auto submitted = http_get(submit_url);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  const std::string job = str_of(json_of(submitted.body), "JobId");
  ASSERT_FALSE(job.empty()) << submitted.body;
  // Once is all: the same URL again is a replay.
  EXPECT_NE(http_get(submit_url).status, 200);
  wait_job(job);
  auto got = http_get(sign(config, {"aliyun_ice", "GetSnapshotJob", "JobId=" + job, "--access-key-id", kIceKeyId}));
  EXPECT_EQ(got.status, 200) << got.body;
  auto doc = json_of(got.body);
  ASSERT_TRUE(doc.HasMember("SnapshotJob")) << got.body;
  EXPECT_EQ(str_of(doc["SnapshotJob"], "Status"), "Success") << got.body;
  EXPECT_TRUE(probe_image(output_dir_ + "/cli/shot-00001.jpg"));

  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "aliyun_ice", "GetSnapshotJob", "--access-key-id", "LTAInone",
                      "--config", config})
                .exit_code,
            1);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "aliyun_ice", "DeleteEverything", "--config", config}).exit_code, 2);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "aliyun_ice", "GetSnapshotJob", "Signature=x", "--config", config})
                .exit_code,
            2);
}

class SignMpc : public HuaweiMpcFixture {};

TEST_F(SignMpc, PrintsCurlCommandsThatCreateAndListARealTask) {
  start_mpc();
  const std::string config = write_cli_config(dir_, server_->base_url());
  // A body with a quote in it: the shell must hand it over byte for byte.
  const std::string body =
      create_body(R"({"type":"DOTS","dots":[1],"output_filename":"cli"})", R"(,"user_data":"it's mine")");
  const std::string create = sign(config, {"huawei_mpc", "create", "--body", body, "--project", kMpcB.project_id});
  EXPECT_EQ(create.rfind("curl ", 0), 0u) << create;
  EXPECT_NE(create.find("'X-Sdk-Date: "), std::string::npos) << create;
  EXPECT_NE(create.find("'Authorization: SDK-HMAC-SHA256 Access=" + kMpcB.access_key + ", SignedHeaders="),
            std::string::npos)
      << create;
  EXPECT_EQ(create.find(kMpcB.secret_key), std::string::npos);

  const std::string run_dir = dir_ + "/run";
  fs::create_directories(run_dir);
  auto tampered = run_pasted(run_dir, replaced(create, "thumbs/", "thumbz/"));
  EXPECT_EQ(tampered.status, 401) << tampered.body;
  EXPECT_EQ(error_code({.status = tampered.status, .body = tampered.body}), "APIGW.0301") << tampered.body;

  auto created = run_pasted(run_dir, create);
  ASSERT_EQ(created.status, 200) << created.body;
  rapidjson::Document doc;
  doc.Parse(created.body.c_str());
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("task_id")) << created.body;
  const std::string task_id = doc["task_id"].GetString();

  const std::string list = sign(config, {"huawei_mpc", "list", "task_id=" + task_id, "--project", kMpcB.project_id});
  std::string status;
  for (int i = 0; i < 600 && status != "SUCCEEDED" && status != "FAILED"; ++i) {
    auto listed = run_pasted(run_dir, list);
    ASSERT_EQ(listed.status, 200) << listed.body;
    rapidjson::Document tasks;
    tasks.Parse(listed.body.c_str());
    ASSERT_TRUE(tasks.IsObject() && tasks["task_array"].IsArray() && tasks["task_array"].Size() == 1) << listed.body;
    status = tasks["task_array"][0]["status"].GetString();
    EXPECT_STREQ(tasks["task_array"][0]["user_data"].GetString(), "it's mine");
    if (status != "SUCCEEDED") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, "SUCCEEDED");
  bool made = false;
  for (const auto& entry : fs::recursive_directory_iterator(output_root())) {
    if (entry.path().filename() == "cli.jpg") made = probe_image(entry.path().string()).has_value();
  }
  EXPECT_TRUE(made);
  // A query changed after signing is refused.
  auto theirs = run_pasted(run_dir, replaced(list, "thumbnails?task_id=", "thumbnails?task_id=x"));
  EXPECT_EQ(theirs.status, 401) << theirs.body;

  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "huawei_mpc", "list", "--project", "nope", "--config", config})
                .exit_code,
            1);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "huawei_mpc", "create", "--config", config}).exit_code, 2);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "huawei_mpc", "create", "--body", "[1]", "--config", config}).exit_code,
            2);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "huawei_mpc", "list", "--body", "{}", "--config", config}).exit_code,
            2);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "huawei_mpc", "purge", "--config", config}).exit_code, 2);
}

}  // namespace
}  // namespace tg::testing
