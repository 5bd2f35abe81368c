// The poll link as a QR code (issue 18): GET /polls/join/{code}.svg draws this server's join URL
// for a meeting's current code only.
#include <ctime>
#include <regex>
#include <set>

#include "coordinator_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class PollLinkQr : public coordinator_fixture {};

TEST_F(PollLinkQr, DrawsTheCurrentLinkOnly) {
    const auto id = create_published(*coordinator, open_meeting(1, "hybrid", {}, {}));
    const auto link = result_of(coordinator->call("poll.link", {{"meeting_id", id}}));
    const auto code = string_at(link, "code");
    const auto path = "/polls/join/" + code + ".svg";
    const auto res = testing::http_request(server().host(), server().port(), "GET", path);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.headers.at("content-type"), "image/svg+xml");
    EXPECT_EQ(res.headers.at("x-content-type-options"), "nosniff");
    EXPECT_EQ(res.headers.at("cache-control"), "no-cache");
    EXPECT_TRUE(res.body.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    EXPECT_TRUE(std::regex_search(res.body, std::regex("<path fill=\"#000\" d=\"M\\d+ \\d+h")));
    EXPECT_EQ(testing::http_request(server().host(), server().port(), "HEAD", path).status, 200);

    // Only this server's current codes: unknown, rotated away, malformed -> 404.
    const auto rotated =
        result_of(coordinator->call("poll.link", {{"meeting_id", id}, {"rotate", true}}));
    EXPECT_EQ(testing::http_request(server().host(), server().port(), "GET", path).status, 404);
    EXPECT_EQ(testing::http_request(server().host(), server().port(), "GET",
                                    "/polls/join/" + string_at(rotated, "code") + ".svg")
                  .status,
              200);
    for (const auto* bad : {"/polls/join/.svg", "/polls/join/abc.svg", "/polls/join/a%20b.svg",
                            "/polls/join/x", "/polls/join/ab.cd.svg"}) {
        EXPECT_EQ(testing::http_request(server().host(), server().port(), "GET", bad).status, 404)
            << bad;
    }
    EXPECT_EQ(testing::http_request(server().host(), server().port(), "POST",
                                    "/polls/join/" + string_at(rotated, "code") + ".svg")
                  .status,
              405);
}

}  // namespace
}  // namespace traffpunkt::integration
