#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "support/test_instant.hpp"
#include "traffpunkt/store/agenda_repository.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/poll_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

using test::at;

class AgendaRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        domain::network n;
        n.name = "Medborgarbudget";
        n.starts_on = year{2022} / month{9} / day{1};
        n.ends_on = year{2024} / month{8} / day{31};
        const auto network = insert_network(db_, n);
        for (auto* id : {&meeting_, &other_meeting_}) {
            domain::meeting m;
            m.network_id = network;
            m.title = "Träff";
            m.starts_at = at("2022-11-25T09:00:00Z");
            m.ends_at = m.starts_at + hours(6);
            m.created_at = m.updated_at = now_;
            *id = insert_meeting(db_, m);
        }
        const auto org =
            insert_organisation(db_, {0, "Kalmar kommun", domain::org_kind::municipality});
        domain::person p;
        p.name = "Anna Lindqvist";
        p.email = "anna@kalmar.se";
        p.organisation_id = org;
        anna_ = insert_person(db_, p, now_);
    }

    domain::agenda_item item(const char* title, const char* starts, int length) const {
        domain::agenda_item i;
        i.meeting_id = meeting_;
        i.title = title;
        i.starts_at = at(starts);
        i.duration = minutes{length};
        i.updated_at = now_;
        return i;
    }

    database db_{":memory:"};
    domain::instant now_ = at("2022-10-01T09:00:00Z");
    domain::id meeting_ = 0;
    domain::id other_meeting_ = 0;
    domain::id anna_ = 0;
};

TEST_F(AgendaRepository, AnUnwrittenAgendaIsEmpty) {
    const auto a = load_agenda(db_, meeting_);
    EXPECT_EQ(a.meeting_id, meeting_);
    EXPECT_TRUE(a.items.empty());
    EXPECT_EQ(a.revision, 0);
    EXPECT_EQ(a.live.phase(), domain::live_phase::none);
    EXPECT_EQ(max_agenda_item_id(db_), 0);
}

TEST_F(AgendaRepository, RoundTripsItemsWithPresentersAndLinksInOrder) {
    auto welcome = item("Välkommen", "2022-11-25T09:00:00Z", 15);
    welcome.kind = domain::agenda_item_kind::talk;
    welcome.description = "Rad 1\nRad 2";
    welcome.presenters = {{"Anna Lindqvist", "Kalmar kommun"}, {"Erik", ""}};
    welcome.document_ids = {9, 4};
    welcome.poll_ids = {2};
    welcome.item_id = 40;
    auto pause = item("Fika", "2022-11-25T09:15:00Z", 20);
    pause.kind = domain::agenda_item_kind::pause;
    EXPECT_EQ(insert_agenda_item(db_, welcome, 2), 40);
    pause.item_id = insert_agenda_item(db_, pause, 1);

    const auto items = list_agenda_items(db_, meeting_);
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0], pause);
    EXPECT_EQ(items[1], welcome);
    EXPECT_EQ(agenda_item_meeting(db_, 40), meeting_);
    EXPECT_FALSE(agenda_item_meeting(db_, 999));
    EXPECT_EQ(max_agenda_item_id(db_), std::max<domain::id>(40, pause.item_id));
    EXPECT_TRUE(list_agenda_items(db_, other_meeting_).empty());
}

TEST_F(AgendaRepository, UpdateReplacesPresentersAndLinks) {
    auto i = item("Panel", "2022-11-25T10:00:00Z", 45);
    i.presenters = {{"A", "SKR"}, {"B", ""}};
    i.poll_ids = {1, 2};
    i.item_id = insert_agenda_item(db_, i, 1);
    i.title = "Panelsamtal";
    i.presenters = {{"C", "Region Gävleborg"}};
    i.poll_ids.clear();
    i.document_ids = {5};
    EXPECT_TRUE(update_agenda_item(db_, i));
    EXPECT_EQ(list_agenda_items(db_, meeting_).at(0), i);
    i.item_id = 12345;
    EXPECT_FALSE(update_agenda_item(db_, i));
}

TEST_F(AgendaRepository, PollsThatNameTheirItemBelongToItAfterTheListedOnes) {
    auto i = item("Prioritering", "2022-11-25T10:00:00Z", 45);
    i.poll_ids = {7};
    i.item_id = insert_agenda_item(db_, i, 1);
    domain::poll p;
    p.meeting_id = meeting_;
    p.agenda_item_id = i.item_id;
    p.question = "Ja eller nej?";
    p.options = {{1, "Ja"}, {2, "Nej"}};
    const auto poll = insert_poll(db_, p, 100);
    p.agenda_item_id.reset();
    insert_poll(db_, p, 100);  // a poll of the meeting but of no item
    EXPECT_EQ(list_agenda_items(db_, meeting_).at(0).poll_ids, (std::vector<domain::id>{7, poll}));
}

TEST_F(AgendaRepository, StoresOrderStateAndDeletesTheCurrentItem) {
    domain::agenda a;
    a.meeting_id = meeting_;
    for (const char* t : {"A", "B", "C"}) {
        auto i = item(t, "2022-11-25T10:00:00Z", 10);
        i.item_id = insert_agenda_item(db_, i, a.items.size() + 1);
        a.items.push_back(i);
    }
    std::rotate(a.items.begin(), a.items.begin() + 2, a.items.end());  // C, A, B
    a.revision = 4;
    a.live.item_id = a.items[0].item_id;
    a.live.started_at = domain::precise_instant{milliseconds{1'669'366'800'250}};
    store_agenda_order(db_, a);
    store_agenda_state(db_, a);

    auto loaded = load_agenda(db_, meeting_);
    EXPECT_EQ(loaded.items, a.items);
    EXPECT_EQ(loaded.revision, 4);
    EXPECT_EQ(loaded.live, a.live);
    EXPECT_EQ(loaded.live.phase(), domain::live_phase::running);

    a.live.ended_at = *a.live.started_at + milliseconds{90'500};
    store_agenda_state(db_, a);
    EXPECT_EQ(load_agenda(db_, meeting_).live, a.live);

    EXPECT_TRUE(delete_agenda_item(db_, a.items[0].item_id));
    loaded = load_agenda(db_, meeting_);
    EXPECT_EQ(loaded.items.size(), 2u);
    EXPECT_EQ(loaded.live.phase(), domain::live_phase::none);
    EXPECT_FALSE(delete_agenda_item(db_, a.items[0].item_id));
}

TEST_F(AgendaRepository, RefusesRowsTheSchemaForbids) {
    auto i = item("Noll", "2022-11-25T10:00:00Z", 0);
    EXPECT_THROW(insert_agenda_item(db_, i, 1), store_error);
    i = item("Utan möte", "2022-11-25T10:00:00Z", 10);
    i.meeting_id = 999;
    EXPECT_THROW(insert_agenda_item(db_, i, 1), store_error);
    domain::agenda a;
    a.meeting_id = meeting_;
    a.live.item_id = 424242;  // no such item
    EXPECT_THROW(store_agenda_state(db_, a), store_error);
}

TEST_F(AgendaRepository, RecordsChangesOldestFirst) {
    agenda_change c;
    c.meeting_id = meeting_;
    c.revision = 1;
    c.changed_at = now_;
    c.person_id = anna_;
    c.changed_by = "Anna Lindqvist";
    c.action = domain::agenda_change_action::added;
    c.item_id = 7;
    c.summary = "added \"Välkommen\"";
    c.item_after = R"({"item_id":7})";
    const auto first = insert_agenda_change(db_, c);
    c.revision = 2;
    c.person_id.reset();
    c.changed_by = "coordinator token";
    c.action = domain::agenda_change_action::removed;
    c.item_before = c.item_after;
    c.item_after.reset();
    c.sequence = 3;
    insert_agenda_change(db_, c);

    const auto changes = list_agenda_changes(db_, meeting_);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].change_id, first);
    EXPECT_EQ(changes[0].person_id, anna_);
    EXPECT_EQ(changes[0].action, domain::agenda_change_action::added);
    EXPECT_FALSE(changes[0].item_before);
    EXPECT_FALSE(changes[0].sequence);
    EXPECT_EQ(changes[1].action, domain::agenda_change_action::removed);
    EXPECT_EQ(changes[1].item_before, R"({"item_id":7})");
    EXPECT_EQ(changes[1].sequence, 3);
    EXPECT_TRUE(list_agenda_changes(db_, other_meeting_).empty());
}

TEST_F(AgendaRepository, LinkTargetsOfUnknownIdsHaveNoMeeting) {
    EXPECT_FALSE(meeting_of_poll(db_, 1));
    EXPECT_FALSE(meeting_of_document(db_, 1));
}

}  // namespace
}  // namespace traffpunkt::store
