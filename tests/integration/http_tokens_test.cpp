// One way to present a token over HTTP (PROTOCOL.md "HTTP on the same port", Tokens): the
// Authorization header, or ?access_token= for links a browser follows, on every route that takes
// a token; a malformed Authorization header is 401 everywhere; uploads take the header only.
#include "coordinator_fixture.hpp"

namespace traffpunkt::integration {

class HttpTokens : public coordinator_fixture {
  protected:
    testing::http_result raw(const std::string& method, const std::string& target,
                             std::map<std::string, std::string> headers = {},
                             std::string body = {}) {
        return testing::http_request(server().host(), server().port(), method, target,
                                     std::move(headers), std::move(body));
    }
};

TEST_F(HttpTokens, access_token_works_on_every_route_that_takes_a_token) {
    const auto draft =
        result_of(coordinator->call("meeting.create", open_meeting(1, "hybrid", {}, {})));
    const auto meeting = int_at(draft, "meeting.meeting_id");
    const std::string q = "?access_token=" + coordinator_token();
    const std::string m = "/meetings/" + std::to_string(meeting);
    EXPECT_EQ(raw("GET", m + "/attendees.csv" + q).status, 200);
    EXPECT_EQ(raw("GET", m + "/agenda.txt" + q).status, 200) << "a draft's agenda, by link";
    EXPECT_EQ(raw("GET", m + "/agenda.txt").status, 404) << "a draft without a token";
    EXPECT_EQ(raw("GET", m + "/questions.json" + q).status, 200);
    EXPECT_EQ(raw("GET", "/audit.csv" + q).status, 200);
    // The same routes with a header that is not Bearer: 401 with the challenge, not "no token".
    for (const auto& path : {m + "/attendees.csv", m + "/agenda.txt", m + "/questions.json",
                             std::string("/audit.csv")}) {
        const auto r = raw("GET", path, {{"Authorization", "Basic dXNlcjpwYXNz"}});
        EXPECT_EQ(r.status, 401) << path;
        EXPECT_NE(r.headers.find("www-authenticate"), r.headers.end()) << path;
    }
    EXPECT_EQ(raw("GET", m + "/attendees.csv?access_token=not-a-token").status, 401);
}

TEST_F(HttpTokens, uploads_take_the_header_only) {
    const auto meeting = create_published(*coordinator, open_meeting(1, "hybrid", {}, {}));
    const std::string target =
        "/meetings/" + std::to_string(meeting) + "/documents?filename=a.txt&visibility=public";
    const auto by_query = raw("POST", target + "&access_token=" + coordinator_token(),
                              {{"Content-Type", "text/plain"}}, "Underlag.");
    EXPECT_EQ(by_query.status, 401) << by_query.body;
    const auto by_header =
        raw("POST", target,
            {{"Authorization", "Bearer " + coordinator_token()}, {"Content-Type", "text/plain"}},
            "Underlag.");
    EXPECT_EQ(by_header.status, 201) << by_header.body;
}

}  // namespace traffpunkt::integration
