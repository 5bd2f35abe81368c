#include <gtest/gtest.h>

#include <chrono>

#include "agenda/agenda_views.hpp"
#include "support/test_instant.hpp"

namespace traffpunkt::service {
namespace {

using namespace std::chrono;

using test::at;

TEST(AgendaViews, PreciseTimesHaveThreeDigitMilliseconds) {
    const auto t = time_point_cast<milliseconds>(at("2022-11-25T09:00:00Z")) + milliseconds{7};
    EXPECT_EQ(format_precise(t), "2022-11-25T09:00:00.007Z");
    EXPECT_EQ(format_precise(t + milliseconds{993}), "2022-11-25T09:00:01.000Z");
}

TEST(AgendaViews, NowStatesFollowTheMarker) {
    domain::agenda a;
    a.meeting_id = 3;
    domain::agenda_item i;
    i.item_id = 5;
    i.title = "A";
    i.starts_at = at("2022-11-25T09:00:00Z");
    i.duration = minutes{15};
    a.items = {i};
    const auto t = time_point_cast<milliseconds>(at("2022-11-25T09:01:00Z"));
    auto now = now_json(a, t);
    EXPECT_EQ(now.at("state").as_string(), "none");
    EXPECT_TRUE(now.at("item_id").is_null());
    EXPECT_EQ(now.at("server_time").as_string(), "2022-11-25T09:01:00.000Z");
    ASSERT_FALSE(domain::set_current(a, 5, true, t - milliseconds{250}));
    now = now_json(a, t);
    EXPECT_EQ(now.at("state").as_string(), "running");
    EXPECT_EQ(now.at("started_at").as_string(), "2022-11-25T09:00:59.750Z");
}

TEST(AgendaViews, MinutesTextOnlyWhenAllowedAndVersionZeroBeforeAnyEdit) {
    auto none = minutes_json(4, std::nullopt, true, std::nullopt);
    EXPECT_EQ(none.at("version").as_int64(), 0);
    EXPECT_EQ(none.at("status").as_string(), "draft");
    EXPECT_EQ(none.at("text").as_string(), "");
    EXPECT_TRUE(none.at("updated_at").is_null());
    EXPECT_TRUE(none.at("previous").is_null());
    domain::meeting_minutes m;
    m.meeting_id = 4;
    ASSERT_FALSE(domain::edit_minutes(m, 0, "Utkast", at("2023-03-16T12:00:00Z")));
    EXPECT_FALSE(minutes_json(4, m, false, std::nullopt).contains("text"));
    domain::meeting before;
    before.meeting_id = 3;
    before.title = "Förra";
    before.starts_at = at("2022-11-25T09:00:00Z");
    const auto linked = minutes_json(4, m, true, previous_meeting{before, std::nullopt});
    EXPECT_EQ(linked.at("previous").as_object().at("meeting_id").as_int64(), 3);
    EXPECT_TRUE(linked.at("previous").as_object().at("minutes").is_null());
}

TEST(AgendaViews, ActorNamesNeverEmpty) {
    principal p;
    p.who = principal::role::coordinator;
    EXPECT_EQ(actor_name(p), "coordinator");
    p.name = "SKR samordnare";
    EXPECT_EQ(actor_name(p), "SKR samordnare");
}

}  // namespace
}  // namespace traffpunkt::service
