// A method a route does not serve gets 405 with an Allow header, in the shape of the vendor that owns the
// route; methods Beast does not know are routed the same way.

#include "integration/cos_fixture.hpp"

namespace tg::testing {
namespace {

class MethodNotAllowed : public CosFixture {
 protected:
  void SetUp() override {
    CosFixture::SetUp();
    start(cos_json() +
          R"(,"tencent_vod":{"secrets":[{"secret_id":"AKIDmethodTest","secret_key":"0123456789abcdef"}]})");
  }

  /// The raw answer to `method target` (Host: `host`).
  std::string exchange(const std::string& method, const std::string& target, const std::string& host = "127.0.0.1") {
    return raw_exchange(method + " " + target + " HTTP/1.1\r\nHost: " + host +
                        "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  }

  static std::string status_line(const std::string& response) { return response.substr(0, response.find("\r\n")); }

  static std::string header(const std::string& response, const std::string& name) {
    const std::string head = response.substr(0, response.find("\r\n\r\n"));
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = lower.find("\r\n" + name + ": ");
    if (at == std::string::npos) return "";
    const auto start = at + 4 + name.size();
    return head.substr(start, head.find("\r\n", start) - start);
  }

  static std::string body(const std::string& response) {
    const auto at = response.find("\r\n\r\n");
    return at == std::string::npos ? "" : response.substr(at + 4);
  }
};

TEST_F(MethodNotAllowed, HealthAndOutputsAreReadOnly) {
  for (const char* method : {"POST", "DELETE", "OPTIONS", "BREW"}) {
    for (const char* target : {"/healthz", "/outputs/some-task/0.jpg"}) {
      const std::string res = exchange(method, target);
      EXPECT_EQ(status_line(res), "HTTP/1.1 405 Method Not Allowed") << method << " " << target << "\n" << res;
      EXPECT_EQ(header(res, "allow"), "GET, HEAD") << method << " " << target;
      EXPECT_EQ(json_field(body(res), "error"), "MethodNotAllowed") << res;
    }
  }
  EXPECT_EQ(status_line(exchange("GET", "/healthz")), "HTTP/1.1 200 OK");
}

TEST_F(MethodNotAllowed, ZegoAnswersInItsEnvelope) {
  for (const char* method : {"PUT", "DELETE", "HEAD", "PROPFIND"}) {
    const std::string res = exchange(method, "/?Action=DescribeMediaTask&Vendor=Huawei&TaskId=x");
    EXPECT_EQ(status_line(res), "HTTP/1.1 405 Method Not Allowed") << method << "\n" << res;
    EXPECT_EQ(header(res, "allow"), "GET, POST") << method;
    if (std::string(method) != "HEAD") {
      EXPECT_EQ(json_field(body(res), "Code"), "2") << res;
      EXPECT_NE(json_field(body(res), "Message").find(std::string("method ") + method), std::string::npos) << res;
    }
  }
}

TEST_F(MethodNotAllowed, VodAnswersInItsEnvelope) {
  for (const char* method : {"PUT", "PATCH", "MKCOL"}) {
    const std::string res = exchange(method, "/v2/index.php?Action=GetTaskInfo");
    EXPECT_EQ(status_line(res), "HTTP/1.1 405 Method Not Allowed") << method << "\n" << res;
    EXPECT_EQ(header(res, "allow"), "GET, POST") << method;
    EXPECT_EQ(json_field(body(res), "code"), "4000") << res;
  }
}

TEST_F(MethodNotAllowed, CosAnswersInItsXml) {
  for (const char* method : {"PUT", "DELETE", "POST", "COPY"}) {
    const std::string res = exchange(method, "/clip.mp4?ci-process=snapshot&time=1", kCosHost);
    EXPECT_EQ(status_line(res), "HTTP/1.1 405 Method Not Allowed") << method << "\n" << res;
    EXPECT_EQ(header(res, "allow"), "GET, HEAD") << method;
    EXPECT_EQ(cos_code(body(res)), "MethodNotAllowed") << res;
  }
}

TEST_F(MethodNotAllowed, UnknownRoutesAreNotFoundWhateverTheMethod) {
  for (const char* method : {"GET", "DELETE", "BREW"}) {
    EXPECT_EQ(status_line(exchange(method, "/no/such/route")), "HTTP/1.1 404 Not Found") << method;
  }
}

}  // namespace
}  // namespace tg::testing
