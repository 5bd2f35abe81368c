// Plain HTTP on the WebSocket port (PROTOCOL.md "HTTP on the same port").
#include "integration_fixture.hpp"

#include <boost/json.hpp>

namespace traffpunkt::integration {
namespace {

using testing::http_request;
using testing::raw_request;

class Http : public integration_fixture {
  protected:
    /** The status code of a raw HTTP response, or 0 when there is no status line. */
    static int status_of(const std::string& response) {
        // "HTTP/1.1 400 Bad Request"
        if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) {
            return 0;
        }
        return std::atoi(response.substr(9, 3).c_str());
    }

    std::string raw_get(const std::string& target) {
        return raw_request(
            server().host(), server().port(),
            "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    void expect_healthy() {
        EXPECT_EQ(http_request(server().host(), server().port(), "GET", "/healthz").status, 200);
    }
};

TEST_F(Http, healthz_is_200_json_ok) {
    const auto answer = http_request(server().host(), server().port(), "GET", "/healthz");
    EXPECT_EQ(answer.status, 200);
    EXPECT_NE(answer.headers.at("content-type").find("application/json"), std::string::npos);
    const auto body = json::parse(answer.body);
    EXPECT_EQ(body, json::parse(R"({"status":"ok"})"));
}

TEST_F(Http, head_is_allowed) {
    const auto answer = http_request(server().host(), server().port(), "HEAD", "/healthz");
    EXPECT_EQ(answer.status, 200);
    EXPECT_TRUE(answer.body.empty());
}

TEST_F(Http, metrics_are_prometheus_text) {
    // Some traffic first, so that the counters have something to count.
    EXPECT_TRUE(still_serving(server()));
    const auto answer = http_request(server().host(), server().port(), "GET", "/metrics");
    EXPECT_EQ(answer.status, 200);
    EXPECT_NE(answer.headers.at("content-type").find("text/plain"), std::string::npos);
    EXPECT_NE(answer.body.find("# TYPE "), std::string::npos);
    // Every non-comment line is "name[{labels}] value".
    std::size_t samples = 0;
    std::size_t start = 0;
    while (start < answer.body.size()) {
        auto end = answer.body.find('\n', start);
        if (end == std::string::npos) {
            end = answer.body.size();
        }
        const std::string line = answer.body.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line.front() == '#') {
            continue;
        }
        ++samples;
        const auto space = line.rfind(' ');
        ASSERT_NE(space, std::string::npos) << line;
        const std::string value = line.substr(space + 1);
        char* parsed_end = nullptr;
        std::strtod(value.c_str(), &parsed_end);
        EXPECT_TRUE(*parsed_end == '\0' || value == "NaN" || value == "+Inf") << line;
    }
    EXPECT_GT(samples, 0u);
}

TEST_F(Http, root_serves_the_web_client_or_404) {
    const auto answer = http_request(server().host(), server().port(), "GET", "/");
    EXPECT_TRUE(answer.status == 200 || answer.status == 404) << answer.status;
    if (answer.status == 200) {
        const auto csp = answer.headers.find("content-security-policy");
        ASSERT_NE(csp, answer.headers.end()) << "the web client needs a CSP";
        EXPECT_NE(csp->second.find("script-src"), std::string::npos);
        EXPECT_EQ(csp->second.find("unsafe-inline"), std::string::npos);
    }
    EXPECT_EQ(http_request(server().host(), server().port(), "GET", "/no-such-file.html").status,
              404);
    expect_healthy();
}

TEST_F(Http, path_traversal_is_400) {
    for (const char* target : {"/../etc/passwd", "/static/../../etc/passwd", "/a\\b"}) {
        const auto response = raw_get(target);
        EXPECT_EQ(status_of(response), 400) << target << ": " << response.substr(0, 200);
        EXPECT_EQ(response.find("root:"), std::string::npos);
    }
    // A NUL byte in the target.
    static const char with_nul[] = "GET /a\0b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const auto nul =
        raw_request(server().host(), server().port(), std::string(with_nul, sizeof with_nul - 1));
    const int status = status_of(nul);
    EXPECT_EQ(status, 400) << nul.substr(0, 200);
    expect_healthy();
}

TEST_F(Http, other_methods_are_405) {
    EXPECT_EQ(http_request(server().host(), server().port(), "POST", "/", {}, "x=1").status, 405);
    EXPECT_EQ(http_request(server().host(), server().port(), "DELETE", "/healthz").status, 405);
    EXPECT_EQ(http_request(server().host(), server().port(), "PUT", "/metrics", {}, "{}").status,
              405);
    expect_healthy();
}

TEST_F(Http, oversized_headers_are_431) {
    const auto answer = http_request(server().host(), server().port(), "GET", "/healthz",
                                     {{"X-Padding", std::string(20 * 1024, 'a')}});
    EXPECT_EQ(answer.status, 431);
    expect_healthy();
}

TEST_F(Http, garbage_instead_of_http_does_not_hurt) {
    const auto response =
        raw_request(server().host(), server().port(), "\x16\x03\x01 this is not http\r\n\r\n",
                    std::chrono::milliseconds(2000));
    // Either a 400 or a closed connection; what matters is that the server stays up.
    if (!response.empty()) {
        EXPECT_EQ(status_of(response), 400) << response.substr(0, 200);
    }
    expect_healthy();
    EXPECT_TRUE(still_serving(server()));
}

}  // namespace
}  // namespace traffpunkt::integration
