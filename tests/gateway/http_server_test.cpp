#include "gateway/http_server.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "support/clips.hpp"
#include "support/http_client.hpp"

namespace tg::gateway {
namespace {

TEST(HttpServer, BindsAnyPortAndHandsDecodedRequestsToTheHandler) {
  ApiRequest seen;
  HttpServer server({.address = "127.0.0.1", .port = 0, .io_threads = 1}, [&](ApiRequest req, Respond respond) {
    seen = req;
    ApiResponse r;
    r.body = R"({"ok":true})";
    r.headers.emplace_back("x-test", "1");
    respond(std::move(r));
  });
  auto port = server.start();
  ASSERT_TRUE(port.ok()) << port.error();
  ASSERT_NE(*port, 0);
  auto res = tg::testing::http_get("http://127.0.0.1:" + std::to_string(*port) +
                                   "/a%20b?ExtTimeOffsetSet[]=1&ExtTimeOffsetSet%5B%5D=2",
                                   {"X-Custom: Value"});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, R"({"ok":true})");
  EXPECT_EQ(res.header("x-test"), "1");
  EXPECT_EQ(res.header("content-type"), "application/json");
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.path, "/a b");
  EXPECT_EQ(seen.query_values("ExtTimeOffsetSet[]"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(seen.header("x-custom"), "Value");
  server.stop();
}

TEST(HttpServer, RespondsFromAnotherThreadAndStreamsFiles) {
  auto dir = tg::testing::work_dir("http-server");
  std::string file = dir + "/body.bin";
  std::ofstream(file) << std::string(100000, 'x');
  HttpServer server({.port = 0, .io_threads = 2}, [&](ApiRequest, Respond respond) {
    std::thread([respond, file] {
      ApiResponse r;
      r.content_type = "application/octet-stream";
      r.file_path = file;
      respond(std::move(r));
    }).detach();
  });
  auto port = server.start();
  ASSERT_TRUE(port.ok());
  auto res = tg::testing::http_get("http://127.0.0.1:" + std::to_string(*port) + "/x");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body.size(), 100000u);
}

TEST(HttpServer, OversizedBodiesAndMalformedEscapesAreHandled) {
  ApiRequest seen;
  HttpServer server({.port = 0, .io_threads = 1, .body_limit = 1024}, [&](ApiRequest req, Respond respond) {
    seen = req;
    respond(ApiResponse{});
  });
  auto port = server.start();
  ASSERT_TRUE(port.ok());
  std::string base = "http://127.0.0.1:" + std::to_string(*port);
  auto big = tg::testing::http_post(base + "/", std::string(5000, 'a'), "text/plain");
  EXPECT_EQ(big.status, 413);
  auto bad = tg::testing::http_get(base + "/?a=%zz");
  EXPECT_EQ(bad.status, 200);
  EXPECT_FALSE(seen.decode_error.empty());
}

TEST(HttpServer, ReportsAPortInUse) {
  HttpServer first({.port = 0, .io_threads = 1}, [](ApiRequest, Respond r) { r(ApiResponse{}); });
  auto port = first.start();
  ASSERT_TRUE(port.ok());
  HttpServer second({.port = *port, .io_threads = 1}, [](ApiRequest, Respond r) { r(ApiResponse{}); });
  auto again = second.start();
  EXPECT_FALSE(again.ok());
}

}  // namespace
}  // namespace tg::gateway
