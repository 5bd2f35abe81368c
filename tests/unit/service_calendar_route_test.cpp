#include <gtest/gtest.h>

#include "calendar/calendar_route.hpp"

namespace traffpunkt::service {
namespace {

using route_feed = calendar_route::feed;

TEST(CalendarRoute, ParsesTheThreeFeeds) {
    auto n = parse_calendar_route("/calendar/network/1.ics");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->kind, route_feed::network);
    EXPECT_EQ(n->id, 1);
    auto m = parse_calendar_route("/calendar/meetings/9007199254740991.ics");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->kind, route_feed::meeting);
    EXPECT_EQ(m->id, 9007199254740991);
    auto p = parse_calendar_route("/calendar/person/q8Jd-_x9.ics");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->kind, route_feed::person);
    EXPECT_EQ(p->token, "q8Jd-_x9");
}

TEST(CalendarRoute, RefusesBadIds) {
    for (const char* path :
         {"/calendar/network/0.ics", "/calendar/network/01.ics", "/calendar/network/-1.ics",
          "/calendar/network/+1.ics", "/calendar/network/1a.ics", "/calendar/network/.ics",
          "/calendar/network/9007199254740992.ics", "/calendar/network/99999999999999999999.ics",
          "/calendar/meetings/1 .ics", "/calendar/meetings/%31.ics"}) {
        EXPECT_FALSE(parse_calendar_route(path)) << path;
    }
}

TEST(CalendarRoute, RefusesOtherShapes) {
    for (const char* path :
         {"/calendar/", "/calendar/network/1", "/calendar/network/1.ICS",
          "/calendar/network/1.ics/", "/calendar/network/1.ics.ics", "/calendar/networks/1.ics",
          "/calendar/meeting/1.ics", "/calendar/network//1.ics", "/calendar/person/.ics",
          "/calendar/person/a/b.ics", "/calendar/person/a.b.ics", "/calendar/person/a%20b.ics",
          "/calendar/network/1.icsx"}) {
        EXPECT_FALSE(parse_calendar_route(path)) << path;
    }
    EXPECT_FALSE(parse_calendar_route("/calendar/person/" + std::string(257, 'a') + ".ics"));
    EXPECT_TRUE(parse_calendar_route("/calendar/person/" + std::string(256, 'a') + ".ics"));
}

}  // namespace
}  // namespace traffpunkt::service
