#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/test_instant.hpp"
#include "traffpunkt/domain/agenda.hpp"

namespace traffpunkt::domain {
namespace {

using namespace std::chrono;

using test::at;

precise_instant precise(const char* text) {
    return time_point_cast<milliseconds>(at(text));
}

/** The kickoff, 25 November 2022, 10:00-16:00 in Stockholm (09:00-15:00 UTC). */
meeting kickoff() {
    meeting m;
    m.meeting_id = 1;
    m.network_id = 1;
    m.title = "Första nätverksträffen";
    m.starts_at = at("2022-11-25T10:00:00+01:00");
    m.ends_at = at("2022-11-25T16:00:00+01:00");
    return m;
}

agenda_item item(id item_id, const char* title, const char* starts, int minutes_long) {
    agenda_item i;
    i.item_id = item_id;
    i.meeting_id = 1;
    i.title = title;
    i.starts_at = at(starts);
    i.duration = minutes{minutes_long};
    return i;
}

/** An agenda with items 1..n in list order. */
agenda agenda_of(std::vector<agenda_item> items) {
    agenda a;
    a.meeting_id = 1;
    a.items = std::move(items);
    return a;
}

std::string field_of(const check& c) {
    return c ? c->field : std::string("(no error)");
}

TEST(AgendaItemKind, RoundTripsNamesAndBreakIsBreakOnTheWire) {
    EXPECT_EQ(to_string(agenda_item_kind::pause), "break");
    for (const auto k :
         {agenda_item_kind::talk, agenda_item_kind::discussion, agenda_item_kind::workshop,
          agenda_item_kind::pause, agenda_item_kind::poll}) {
        EXPECT_EQ(parse_agenda_item_kind(to_string(k)), k);
    }
    EXPECT_FALSE(parse_agenda_item_kind("pause"));
    EXPECT_FALSE(parse_agenda_item_kind("Talk"));
    EXPECT_FALSE(parse_agenda_item_kind(""));
}

TEST(AgendaValidate, AcceptsAnItemInsideTheMeeting) {
    auto i = item(1, "Välkommen", "2022-11-25T10:00:00+01:00", 15);
    i.presenters = {{"Anna Lindqvist", "Kalmar kommun"}, {"Erik Johansson", ""}};
    i.description = "Vi går igenom dagen.\nKaffe finns.";
    i.document_ids = {3, 4};
    i.poll_ids = {7};
    EXPECT_FALSE(validate(i, kickoff()));
    // Exactly to the end of the meeting is inside.
    EXPECT_FALSE(validate(item(2, "Avslutning", "2022-11-25T15:30:00+01:00", 30), kickoff()));
}

TEST(AgendaValidate, RefusesItemsOutsideTheMeeting) {
    EXPECT_EQ(field_of(validate(item(1, "Tidigt", "2022-11-25T09:59:00+01:00", 15), kickoff())),
              "starts_at");
    EXPECT_EQ(field_of(validate(item(1, "Sent", "2022-11-25T16:00:00+01:00", 15), kickoff())),
              "starts_at");
    EXPECT_EQ(field_of(validate(item(1, "För långt", "2022-11-25T15:50:00+01:00", 11), kickoff())),
              "duration_minutes");
}

TEST(AgendaValidate, RefusesDurationsThatAreNotPositive) {
    EXPECT_EQ(field_of(validate(item(1, "Noll", "2022-11-25T11:00:00+01:00", 0), kickoff())),
              "duration_minutes");
    EXPECT_EQ(field_of(validate(item(1, "Negativ", "2022-11-25T11:00:00+01:00", -5), kickoff())),
              "duration_minutes");
}

TEST(AgendaValidate, RefusesStartsBetweenMinutes) {
    auto i = item(1, "Udda", "2022-11-25T11:00:30+01:00", 10);
    EXPECT_EQ(field_of(validate(i, kickoff())), "starts_at");
}

TEST(AgendaValidate, ChecksTextFields) {
    auto i = item(1, "", "2022-11-25T11:00:00+01:00", 10);
    EXPECT_EQ(field_of(validate(i, kickoff())), "title");
    i.title = "Rad ett\nrad två";
    EXPECT_EQ(field_of(validate(i, kickoff())), "title");
    i.title = std::string(201, 'a');
    EXPECT_EQ(field_of(validate(i, kickoff())), "title");
    i.title = "Bra";
    i.description = std::string(limits::agenda_description_max + 1, 'x');
    EXPECT_EQ(field_of(validate(i, kickoff())), "description");
    i.description = "ok\x01";
    EXPECT_EQ(field_of(validate(i, kickoff())), "description");
}

TEST(AgendaValidate, ChecksPresentersWithIndexedFieldNames) {
    auto i = item(1, "Panel", "2022-11-25T11:00:00+01:00", 45);
    i.presenters = {{"Anna", "SKR"}, {"", "Kalmar kommun"}};
    EXPECT_EQ(field_of(validate(i, kickoff())), "presenters[1].name");
    i.presenters = {{"Anna", "SKR\tKalmar"}};
    EXPECT_EQ(field_of(validate(i, kickoff())), "presenters[0].organisation");
    i.presenters.assign(limits::presenters_max + 1, presenter{"Namn", ""});
    EXPECT_EQ(field_of(validate(i, kickoff())), "presenters");
}

TEST(AgendaValidate, ChecksLinkedIds) {
    auto i = item(1, "Omröstning", "2022-11-25T11:00:00+01:00", 10);
    i.poll_ids = {4, 0};
    EXPECT_EQ(field_of(validate(i, kickoff())), "poll_ids[1]");
    i.poll_ids = {4, 5, 4};
    EXPECT_EQ(field_of(validate(i, kickoff())), "poll_ids[2]");
    i.poll_ids = {};
    i.document_ids.assign(limits::agenda_links_max + 1, 1);
    EXPECT_EQ(field_of(validate(i, kickoff())), "document_ids");
}

TEST(AgendaEdit, InsertsAtAPositionOrAtTheEnd) {
    auto a = agenda_of({item(1, "A", "2022-11-25T10:00:00+01:00", 10),
                        item(2, "B", "2022-11-25T10:10:00+01:00", 10)});
    EXPECT_FALSE(insert_item(a, item(3, "C", "2022-11-25T10:20:00+01:00", 10), std::nullopt));
    EXPECT_FALSE(insert_item(a, item(4, "D", "2022-11-25T10:05:00+01:00", 5), 1));
    ASSERT_EQ(a.items.size(), 4u);
    EXPECT_EQ(a.items[0].item_id, 4);
    EXPECT_EQ(a.items[3].item_id, 3);
    EXPECT_EQ(a.revision, 2);
    EXPECT_EQ(a.position_of(1), 2u);
    EXPECT_EQ(a.position_of(99), 0u);
}

TEST(AgendaEdit, RefusesPositionsOutOfRangeAndAFullAgenda) {
    auto a = agenda_of({item(1, "A", "2022-11-25T10:00:00+01:00", 10)});
    EXPECT_EQ(field_of(insert_item(a, item(2, "B", "2022-11-25T10:10:00+01:00", 5), 0)),
              "position");
    EXPECT_EQ(field_of(insert_item(a, item(2, "B", "2022-11-25T10:10:00+01:00", 5), 3)),
              "position");
    EXPECT_EQ(a.items.size(), 1u);
    EXPECT_EQ(a.revision, 0);
    agenda full;
    for (std::size_t i = 0; i < limits::agenda_items_max; ++i) {
        full.items.push_back(item(static_cast<id>(i + 1), "X", "2022-11-25T10:00:00+01:00", 1));
    }
    EXPECT_EQ(field_of(insert_item(full, item(999, "Y", "2022-11-25T11:00:00+01:00", 1), {})),
              "meeting_id");
}

TEST(AgendaEdit, MovesWithoutChangingTimes) {
    auto a = agenda_of({item(1, "A", "2022-11-25T10:00:00+01:00", 10),
                        item(2, "B", "2022-11-25T10:10:00+01:00", 10),
                        item(3, "C", "2022-11-25T10:20:00+01:00", 10)});
    EXPECT_FALSE(move_item(a, 3, 1));
    EXPECT_EQ(a.items[0].item_id, 3);
    EXPECT_EQ(a.items[0].starts_at, at("2022-11-25T10:20:00+01:00"));
    EXPECT_FALSE(move_item(a, 3, 3));
    EXPECT_EQ(a.items[2].item_id, 3);
    EXPECT_EQ(field_of(move_item(a, 3, 4)), "position");
    EXPECT_EQ(field_of(move_item(a, 3, 0)), "position");
    EXPECT_EQ(field_of(move_item(a, 42, 1)), "item_id");
}

TEST(AgendaEdit, ReplacesInPlaceAndRemoves) {
    auto a = agenda_of({item(1, "A", "2022-11-25T10:00:00+01:00", 10),
                        item(2, "B", "2022-11-25T10:10:00+01:00", 10)});
    auto changed = item(1, "A2", "2022-11-25T10:00:00+01:00", 5);
    EXPECT_FALSE(replace_item(a, changed));
    EXPECT_EQ(a.items[0].title, "A2");
    EXPECT_EQ(field_of(replace_item(a, item(9, "Z", "2022-11-25T10:00:00+01:00", 5))), "item_id");
    EXPECT_FALSE(remove_item(a, 1));
    ASSERT_EQ(a.items.size(), 1u);
    EXPECT_EQ(a.items[0].item_id, 2);
    EXPECT_EQ(field_of(remove_item(a, 1)), "item_id");
}

TEST(AgendaWarnings, ReportsOverlapsOnceWithTheirLength) {
    auto a = agenda_of({item(1, "Välkommen", "2022-11-25T10:00:00+01:00", 30),
                        item(2, "SKR", "2022-11-25T10:15:00+01:00", 30),
                        item(3, "Fika", "2022-11-25T10:45:00+01:00", 15)});
    const auto w = warnings(a, kickoff());
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].what, agenda_warning::kind::overlap);
    EXPECT_EQ(w[0].item_ids, (std::vector<id>{1, 2}));
    EXPECT_NE(w[0].message.find("15 minutes"), std::string::npos) << w[0].message;
    EXPECT_EQ(to_string(w[0].what), "overlap");
}

TEST(AgendaWarnings, NoWarningForItemsThatTouch) {
    auto a = agenda_of({item(1, "A", "2022-11-25T10:00:00+01:00", 30),
                        item(2, "B", "2022-11-25T10:30:00+01:00", 30)});
    EXPECT_TRUE(warnings(a, kickoff()).empty());
}

TEST(AgendaWarnings, ReportsItemsOutOfOrderAndOutsideAMovedMeeting) {
    auto a = agenda_of({item(1, "A", "2022-11-25T11:00:00+01:00", 30),
                        item(2, "B", "2022-11-25T10:00:00+01:00", 30)});
    auto w = warnings(a, kickoff());
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].what, agenda_warning::kind::out_of_order);
    EXPECT_EQ(w[0].item_ids, (std::vector<id>{1, 2}));

    auto later = kickoff();
    later.starts_at = at("2022-11-25T10:30:00+01:00");
    w = warnings(a, later);
    ASSERT_EQ(w.size(), 2u);
    EXPECT_EQ(w[1].what, agenda_warning::kind::outside_meeting);
    EXPECT_EQ(w[1].item_ids, (std::vector<id>{2}));
}

TEST(AgendaLive, SetStartEndFollowThePhases) {
    auto a = agenda_of({item(1, "A", "2022-11-25T10:00:00+01:00", 30),
                        item(2, "B", "2022-11-25T10:30:00+01:00", 30)});
    EXPECT_EQ(a.live.phase(), live_phase::none);
    const auto t0 = precise("2022-11-25T10:01:00+01:00");
    const auto t1 = t0 + milliseconds{1500};

    EXPECT_FALSE(set_current(a, 1, false, t0));
    EXPECT_EQ(a.live.phase(), live_phase::pending);
    EXPECT_FALSE(start_current(a, t0));
    EXPECT_EQ(a.live.phase(), live_phase::running);
    EXPECT_EQ(a.live.started_at, t0);
    EXPECT_FALSE(end_current(a, t1));
    EXPECT_EQ(a.live.phase(), live_phase::ended);
    EXPECT_EQ(a.live.ended_at, t1);

    // Setting an item current with start runs it at once; setting it again starts it over.
    EXPECT_FALSE(set_current(a, 2, true, t1));
    EXPECT_EQ(a.live.phase(), live_phase::running);
    EXPECT_FALSE(set_current(a, 2, true, t1 + seconds{5}));
    EXPECT_EQ(a.live.started_at, t1 + seconds{5});
    EXPECT_FALSE(a.live.ended_at);

    EXPECT_FALSE(set_current(a, std::nullopt, false, t1));
    EXPECT_EQ(a.live.phase(), live_phase::none);
    EXPECT_EQ(a.revision, 0) << "live changes are not agenda revisions";
}

TEST(AgendaLive, RefusesStepsThePhaseDoesNotAllow) {
    auto a = agenda_of({item(1, "A", "2022-11-25T10:00:00+01:00", 30)});
    const auto t = precise("2022-11-25T10:01:00+01:00");
    EXPECT_EQ(field_of(set_current(a, 7, true, t)), "item_id");
    EXPECT_EQ(a.live.phase(), live_phase::none);

    const auto transition = [](const check& c) {
        return c && c->what == rule_error::kind::invalid_transition;
    };
    EXPECT_TRUE(transition(start_current(a, t)));
    EXPECT_TRUE(transition(end_current(a, t)));
    ASSERT_FALSE(set_current(a, 1, false, t));
    EXPECT_TRUE(transition(end_current(a, t)));
    ASSERT_FALSE(start_current(a, t));
    EXPECT_TRUE(transition(start_current(a, t)));
    ASSERT_FALSE(end_current(a, t));
    EXPECT_TRUE(transition(end_current(a, t)));
    EXPECT_TRUE(transition(start_current(a, t)));
}

TEST(AgendaLive, EndingNeverPrecedesTheStart) {
    auto a = agenda_of({item(1, "A", "2022-11-25T10:00:00+01:00", 30)});
    const auto t = precise("2022-11-25T10:01:00+01:00");
    ASSERT_FALSE(set_current(a, 1, true, t));
    ASSERT_FALSE(end_current(a, t - seconds{3}));  // the clock stepped back
    EXPECT_EQ(a.live.ended_at, t);
}

TEST(AgendaLive, RemovingTheCurrentItemClearsTheMarker) {
    auto a = agenda_of({item(1, "A", "2022-11-25T10:00:00+01:00", 30),
                        item(2, "B", "2022-11-25T10:30:00+01:00", 30)});
    const auto t = precise("2022-11-25T10:01:00+01:00");
    ASSERT_FALSE(set_current(a, 2, true, t));
    ASSERT_FALSE(remove_item(a, 1));
    EXPECT_EQ(a.live.item_id, 2) << "another item's removal keeps the marker";
    ASSERT_FALSE(remove_item(a, 2));
    EXPECT_EQ(a.live.phase(), live_phase::none);
}

TEST(AgendaChange, NamesTheChangedFieldsInWireTerms) {
    const auto before = item(1, "A", "2022-11-25T10:00:00+01:00", 30);
    EXPECT_TRUE(changed_fields(before, before).empty());
    auto after = before;
    after.duration = minutes{45};
    after.presenters = {{"Anna", "SKR"}};
    after.poll_ids = {3};
    EXPECT_EQ(changed_fields(before, after),
              (std::vector<std::string>{"duration_minutes", "presenters", "poll_ids"}));
    for (const auto a : {agenda_change_action::added, agenda_change_action::updated,
                         agenda_change_action::moved, agenda_change_action::removed}) {
        EXPECT_EQ(parse_agenda_change_action(to_string(a)), a);
    }
    EXPECT_FALSE(parse_agenda_change_action("deleted"));
}

}  // namespace
}  // namespace traffpunkt::domain
