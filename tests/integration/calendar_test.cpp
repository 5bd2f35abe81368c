// iCalendar feeds over HTTP (PROTOCOL.md "HTTP on the same port", /calendar/...): content,
// strong ETags and 304s, the update and cancel flows, and uniform 404s.
#include "integration_fixture.hpp"

#include <regex>
#include <vector>

namespace traffpunkt::integration {
namespace {

using testing::http_request;
using testing::http_result;

class Calendar : public integration_fixture {
  protected:
    static http_result get(const std::string& target,
                           std::map<std::string, std::string> headers = {},
                           std::string method = "GET") {
        return http_request(server().host(), server().port(), std::move(method), target,
                            std::move(headers));
    }

    /** The path of a person's calendar feed, from calendar.link as the person. */
    static std::string feed_path(const person_with_token& p) {
        auto client = connect_with(p.token);
        const auto url = string_at(result_of(client->call("calendar.link", {})), "url");
        return url.substr(url.find("/calendar/person/"));
    }

    /** Content lines of a feed, unfolded (RFC 5545 3.1). */
    static std::vector<std::string> lines(const std::string& body) {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (start < body.size()) {
            auto end = body.find("\r\n", start);
            if (end == std::string::npos) {
                end = body.size();
            }
            std::string line = body.substr(start, end - start);
            if (!line.empty() && line.front() == ' ' && !out.empty()) {
                out.back() += line.substr(1);
            } else {
                out.push_back(std::move(line));
            }
            start = end + 2;
        }
        return out;
    }

    /** The content lines of the VEVENT whose UID is `uid`; empty when there is none. */
    static std::vector<std::string> event(const std::string& body, const std::string& uid) {
        std::vector<std::string> current;
        bool inside = false;
        for (auto& line : lines(body)) {
            if (line == "BEGIN:VEVENT") {
                inside = true;
                current.clear();
            } else if (line == "END:VEVENT") {
                inside = false;
                if (std::find(current.begin(), current.end(), "UID:" + uid) != current.end()) {
                    return current;
                }
            } else if (inside) {
                current.push_back(std::move(line));
            }
        }
        return {};
    }

    static bool has(const std::vector<std::string>& ls, const std::string& line) {
        return std::find(ls.begin(), ls.end(), line) != ls.end();
    }

    static std::string uid_of(std::int64_t meeting_id) {
        return "meeting-" + std::to_string(meeting_id) + "@traffpunkt.local";
    }

    /** A published meeting in a network of its own; returns {network_id, meeting_id}. */
    static std::pair<std::int64_t, std::int64_t> published_meeting(ws_client& coordinator) {
        const auto network_id = create_network(coordinator);
        const auto meeting = create_meeting(coordinator, network_id, unique_name("Träff"));
        const auto meeting_id = meeting.at("meeting_id").as_int64();
        result_of(coordinator.call("meeting.publish", {{"meeting_id", meeting_id}}));
        return {network_id, meeting_id};
    }

    static void expect_not_found(const http_result& answer, const std::string& what) {
        EXPECT_EQ(answer.status, 404) << what;
        EXPECT_EQ(answer.body, "not found\n") << what;
        EXPECT_EQ(answer.headers.count("etag"), 0U) << what;
    }
};

TEST_F(Calendar, NetworkFeedShowsTheDemoMeetingsInStockholmTime) {
    const auto answer = get("/calendar/network/1.ics");
    ASSERT_EQ(answer.status, 200);
    EXPECT_EQ(answer.headers.at("content-type"), "text/calendar; charset=utf-8");
    EXPECT_EQ(answer.headers.at("cache-control"), "no-cache");
    EXPECT_TRUE(std::regex_match(answer.headers.at("etag"), std::regex("\"[0-9a-f]{64}\"")))
        << answer.headers.at("etag");
    EXPECT_TRUE(std::regex_match(answer.headers.at("last-modified"),
                                 std::regex("[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} "
                                            "\\d\\d:\\d\\d:\\d\\d GMT")))
        << answer.headers.at("last-modified");
    const auto ls = lines(answer.body);
    EXPECT_TRUE(has(ls, "METHOD:PUBLISH"));
    EXPECT_TRUE(has(ls, "X-WR-CALNAME:SKR:s nätverk för medborgarbudget"));
    EXPECT_TRUE(has(ls, "DTSTART;TZID=Europe/Stockholm:20221125T100000"));
    EXPECT_TRUE(has(ls, "DTEND;TZID=Europe/Stockholm:20221125T160000"));
    EXPECT_EQ(std::count(ls.begin(), ls.end(), "BEGIN:VTIMEZONE"), 1);
    EXPECT_EQ(answer.body.find("\n\n"), std::string::npos);
    // The demo meetings have online links; a public feed never shows them.
    EXPECT_EQ(answer.body.find("meet.example.se"), std::string::npos);
}

TEST_F(Calendar, EtagAndLastModifiedAnswer304) {
    const auto first = get("/calendar/network/1.ics");
    ASSERT_EQ(first.status, 200);
    const auto etag = first.headers.at("etag");
    const auto last_modified = first.headers.at("last-modified");

    const auto same = get("/calendar/network/1.ics", {{"If-None-Match", etag}});
    EXPECT_EQ(same.status, 304);
    EXPECT_EQ(same.headers.at("etag"), etag);
    EXPECT_TRUE(same.body.empty());
    EXPECT_EQ(get("/calendar/network/1.ics", {{"If-None-Match", "W/" + etag}}).status, 304);
    EXPECT_EQ(get("/calendar/network/1.ics", {{"If-None-Match", "\"a\", " + etag}}).status, 304);
    EXPECT_EQ(get("/calendar/network/1.ics", {{"If-None-Match", "*"}}).status, 304);
    EXPECT_EQ(get("/calendar/network/1.ics", {{"If-None-Match", "\"other\""}}).status, 200);
    EXPECT_EQ(get("/calendar/network/1.ics", {{"If-Modified-Since", last_modified}}).status, 304);
    EXPECT_EQ(
        get("/calendar/network/1.ics", {{"If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"}})
            .status,
        200);
    // If-None-Match wins over If-Modified-Since.
    EXPECT_EQ(get("/calendar/network/1.ics",
                  {{"If-None-Match", "\"other\""}, {"If-Modified-Since", last_modified}})
                  .status,
              200);
    // Same data, same bytes: a second fetch has the same strong ETag.
    EXPECT_EQ(get("/calendar/network/1.ics").body, first.body);
}

TEST_F(Calendar, HeadHasTheHeadersWithoutBody) {
    const auto full = get("/calendar/network/1.ics");
    const auto head = get("/calendar/network/1.ics", {}, "HEAD");
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.headers.at("etag"), full.headers.at("etag"));
    EXPECT_EQ(head.headers.at("content-length"), std::to_string(full.body.size()));
}

TEST_F(Calendar, OtherMethodsAre405) {
    const auto answer = get("/calendar/network/1.ics", {}, "POST");
    EXPECT_EQ(answer.status, 405);
    EXPECT_EQ(answer.headers.at("allow"), "GET, HEAD");
}

TEST_F(Calendar, MeetingFeedIsADownload) {
    const auto answer = get("/calendar/meetings/1.ics");
    ASSERT_EQ(answer.status, 200);
    EXPECT_EQ(answer.headers.at("content-disposition"), "attachment; filename=\"meeting-1.ics\"");
    const auto ls = lines(answer.body);
    EXPECT_TRUE(has(ls, "X-WR-CALNAME:Första nätverksträffen: medborgarbudget"));
    EXPECT_EQ(std::count(ls.begin(), ls.end(), "BEGIN:VEVENT"), 1);
    EXPECT_FALSE(event(answer.body, uid_of(1)).empty());
}

TEST_F(Calendar, UpdateKeepsUidAndRaisesSequence) {
    auto coordinator = connect_coordinator();
    const auto [network_id, meeting_id] = published_meeting(*coordinator);
    const auto feed = "/calendar/network/" + std::to_string(network_id) + ".ics";
    const auto before = get(feed);
    ASSERT_EQ(before.status, 200);
    const auto e0 = event(before.body, uid_of(meeting_id));
    ASSERT_FALSE(e0.empty()) << before.body;
    EXPECT_TRUE(has(e0, "SEQUENCE:0"));
    EXPECT_TRUE(has(e0, "DTSTART;TZID=Europe/Stockholm:20300312T090000"));
    EXPECT_TRUE(has(e0, "STATUS:CONFIRMED"));

    result_of(coordinator->call("meeting.update", {{"meeting_id", meeting_id},
                                                   {"starts_at", "2030-03-12T10:00:00+01:00"}}));
    const auto moved = get(feed);
    ASSERT_EQ(moved.status, 200);
    EXPECT_NE(moved.headers.at("etag"), before.headers.at("etag"));
    const auto e1 = event(moved.body, uid_of(meeting_id));
    ASSERT_FALSE(e1.empty()) << moved.body;
    EXPECT_TRUE(has(e1, "SEQUENCE:1"));
    EXPECT_TRUE(has(e1, "DTSTART;TZID=Europe/Stockholm:20300312T100000"));
    // The old ETag no longer matches: the client gets the new feed.
    EXPECT_EQ(get(feed, {{"If-None-Match", before.headers.at("etag")}}).status, 200);
    // The one-meeting feed changed with it.
    const auto single = get("/calendar/meetings/" + std::to_string(meeting_id) + ".ics");
    EXPECT_TRUE(has(event(single.body, uid_of(meeting_id)), "SEQUENCE:1"));

    result_of(coordinator->call("meeting.cancel", {{"meeting_id", meeting_id}}));
    const auto cancelled = get(feed);
    ASSERT_EQ(cancelled.status, 200);
    EXPECT_NE(cancelled.headers.at("etag"), moved.headers.at("etag"));
    const auto e2 = event(cancelled.body, uid_of(meeting_id));
    ASSERT_FALSE(e2.empty()) << "a cancelled meeting stays in the feed";
    EXPECT_TRUE(has(e2, "STATUS:CANCELLED"));
    EXPECT_TRUE(has(e2, "SEQUENCE:2"));
}

TEST_F(Calendar, DraftsAreNeverInFeeds) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto draft = create_meeting(*coordinator, network_id, unique_name("Utkast"));
    const auto meeting_id = draft.at("meeting_id").as_int64();
    const auto feed = "/calendar/network/" + std::to_string(network_id) + ".ics";
    const auto single = "/calendar/meetings/" + std::to_string(meeting_id) + ".ics";

    const auto empty = get(feed);
    ASSERT_EQ(empty.status, 200);
    EXPECT_TRUE(event(empty.body, uid_of(meeting_id)).empty());
    EXPECT_EQ(empty.headers.count("last-modified"), 0U);
    expect_not_found(get(single), "draft meeting");

    result_of(coordinator->call("meeting.publish", {{"meeting_id", meeting_id}}));
    EXPECT_FALSE(event(get(feed).body, uid_of(meeting_id)).empty());
    EXPECT_EQ(get(single).status, 200);
}

TEST_F(Calendar, PublicFeedsNeverCarryTheOnlineLink) {
    auto coordinator = connect_coordinator();
    const auto [network_id, meeting_id] = published_meeting(*coordinator);
    for (const auto& target : {"/calendar/network/" + std::to_string(network_id) + ".ics",
                               "/calendar/meetings/" + std::to_string(meeting_id) + ".ics"}) {
        const auto answer = get(target);
        ASSERT_EQ(answer.status, 200) << target;
        EXPECT_EQ(answer.body.find("secret-room"), std::string::npos) << target;
    }
}

TEST_F(Calendar, UnknownFeedsAreUniform404s) {
    auto coordinator = connect_coordinator();
    const auto organisation_id = member_organisation(*coordinator);
    const auto someone = create_person(*coordinator, organisation_id);
    std::string unknown_token = someone.token;
    unknown_token.back() = unknown_token.back() == 'A' ? 'B' : 'A';
    const std::vector<std::string> targets{"/calendar/network/999999.ics",
                                           "/calendar/meetings/999999.ics",
                                           "/calendar/network/0.ics",
                                           "/calendar/network/01.ics",
                                           "/calendar/network/1",
                                           "/calendar/network/abc.ics",
                                           "/calendar/",
                                           "/calendar/people/1.ics",
                                           "/calendar/person/" + unknown_token + ".ics",
                                           "/calendar/person/not*a*token.ics",
                                           "/calendar/person/" + coordinator_token() + ".ics"};
    for (const auto& target : targets) {
        expect_not_found(get(target), target);
    }
}

TEST_F(Calendar, PersonalFeedIsPrivate) {
    auto coordinator = connect_coordinator();
    const auto person = create_person(*coordinator, member_organisation(*coordinator));
    const auto answer = get(feed_path(person));
    ASSERT_EQ(answer.status, 200);
    EXPECT_EQ(answer.headers.at("content-type"), "text/calendar; charset=utf-8");
    EXPECT_EQ(answer.headers.at("cache-control"), "private, no-cache");
    EXPECT_TRUE(has(lines(answer.body), "X-WR-CALNAME:Mina träffar – Träffpunkt"));
    EXPECT_EQ(get(feed_path(person), {{"If-None-Match", answer.headers.at("etag")}}).status, 304);
}

TEST_F(Calendar, PersonalFeedFollowsRegistrations) {
    auto coordinator = connect_coordinator();
    // The demo network: registering needs an organisation that is a member of it.
    auto args = meeting_args(1, unique_name("Träff"));
    args["capacity_in_person"] = 1;  // the second person is waitlisted
    const auto meeting_id =
        int_at(result_of(coordinator->call("meeting.create", args)), "meeting.meeting_id");
    result_of(coordinator->call("meeting.publish", {{"meeting_id", meeting_id}}));
    const auto organisation_id = member_organisation(*coordinator);
    const auto first = create_person(*coordinator, organisation_id);
    const auto second = create_person(*coordinator, organisation_id);
    const auto feed_of = [](const person_with_token& p) { return feed_path(p); };
    const auto register_for = [&](const person_with_token& p) {
        auto client = connect_with(p.token);
        return int_at(result_of(client->call("registration.create",
                                             {{"meeting_id", meeting_id}, {"mode", "in_person"}})),
                      "registration.registration_id");
    };
    const auto first_registration = register_for(first);
    register_for(second);

    const auto confirmed = get(feed_of(first));
    ASSERT_EQ(confirmed.status, 200);
    const auto e1 = event(confirmed.body, uid_of(meeting_id));
    ASSERT_FALSE(e1.empty()) << confirmed.body;
    EXPECT_TRUE(has(e1, "STATUS:CONFIRMED"));
    // The online link, which public feeds never show, is the person's to see.
    EXPECT_NE(confirmed.body.find("secret-room"), std::string::npos);
    const auto waitlisted = get(feed_of(second));
    EXPECT_TRUE(has(event(waitlisted.body, uid_of(meeting_id)), "STATUS:TENTATIVE"));

    // Cancelling drops the event from the feed; the freed seat makes the second confirmed.
    auto client = connect_with(first.token);
    result_of(client->call("registration.cancel", {{"registration_id", first_registration}}));
    const auto after = get(feed_of(first));
    EXPECT_TRUE(event(after.body, uid_of(meeting_id)).empty());
    EXPECT_NE(after.headers.at("etag"), confirmed.headers.at("etag"));
    const auto promoted = get(feed_of(second), {{"If-None-Match", waitlisted.headers.at("etag")}});
    ASSERT_EQ(promoted.status, 200);
    EXPECT_TRUE(has(event(promoted.body, uid_of(meeting_id)), "STATUS:CONFIRMED"));
}

}  // namespace
}  // namespace traffpunkt::integration
