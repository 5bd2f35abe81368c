#include <gtest/gtest.h>

#include <chrono>

#include "support/test_instant.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

using test::at;

class MeetingRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        domain::network n;
        n.name = "Medborgarbudget";
        n.starts_on = year{2022} / month{11} / day{1};
        n.ends_on = year{2024} / month{10} / day{31};
        network_ = insert_network(db_, n);
        const auto org = insert_organisation(db_, {0, "SKR", domain::org_kind::other});
        domain::person p;
        p.name = "Lena Ström";
        p.email = "lena@skr.se";
        p.organisation_id = org;
        lena_ = insert_person(db_, p, at("2022-10-01T00:00:00Z"));
        p.name = "Örjan Ek";
        p.email = "orjan@skr.se";
        orjan_ = insert_person(db_, p, at("2022-10-01T00:00:00Z"));
    }

    domain::meeting full_meeting() const {
        domain::meeting m;
        m.network_id = network_;
        m.title = "Nätverksträff 1: uppstart";
        m.description = "Vi träffas på SKR.\n\tLunch ingår.";
        m.starts_at = at("2022-11-25T10:00:00+01:00");
        m.ends_at = at("2022-11-25T16:00:00+01:00");
        m.zone = "Europe/Stockholm";
        m.format = domain::meeting_format::hybrid;
        m.venue = "SKR, Hornsgatan 20";
        m.address = "Hornsgatan 20, Stockholm";
        m.online_url = "https://teams.example.com/l/abc";
        m.capacity_in_person = 40;
        m.capacity_remote = 0;
        m.registration_opens = at("2022-10-01T00:00:00Z");
        m.registration_closes = at("2022-11-18T23:00:00Z");
        m.cost_note = "Deltagarna står för sina egna kostnader.";
        m.status = domain::meeting_status::published;
        m.sequence = 3;
        m.created_at = at("2022-10-01T08:00:00Z");
        m.updated_at = at("2022-10-02T08:00:00Z");
        return m;
    }

    domain::meeting minimal_meeting(const char* starts) const {
        domain::meeting m;
        m.network_id = network_;
        m.title = "Digital träff";
        m.starts_at = at(starts);
        m.ends_at = m.starts_at + hours{2};
        m.format = domain::meeting_format::digital;
        return m;
    }

    static void expect_same(const domain::meeting& a, const domain::meeting& b) {
        EXPECT_EQ(a.meeting_id, b.meeting_id);
        EXPECT_EQ(a.network_id, b.network_id);
        EXPECT_EQ(a.title, b.title);
        EXPECT_EQ(a.description, b.description);
        EXPECT_EQ(a.starts_at, b.starts_at);
        EXPECT_EQ(a.ends_at, b.ends_at);
        EXPECT_EQ(a.zone, b.zone);
        EXPECT_EQ(a.format, b.format);
        EXPECT_EQ(a.venue, b.venue);
        EXPECT_EQ(a.address, b.address);
        EXPECT_EQ(a.online_url, b.online_url);
        EXPECT_EQ(a.capacity_in_person, b.capacity_in_person);
        EXPECT_EQ(a.capacity_remote, b.capacity_remote);
        EXPECT_EQ(a.registration_opens, b.registration_opens);
        EXPECT_EQ(a.registration_closes, b.registration_closes);
        EXPECT_EQ(a.cost_note, b.cost_note);
        EXPECT_EQ(a.status, b.status);
        EXPECT_EQ(a.sequence, b.sequence);
        EXPECT_EQ(a.created_at, b.created_at);
        EXPECT_EQ(a.updated_at, b.updated_at);
    }

    database db_{":memory:"};
    domain::id network_ = 0;
    domain::id lena_ = 0;
    domain::id orjan_ = 0;
};

TEST_F(MeetingRepository, RoundTripsEveryColumn) {
    auto m = full_meeting();
    m.meeting_id = insert_meeting(db_, m);
    const auto found = find_meeting(db_, m.meeting_id);
    ASSERT_TRUE(found);
    expect_same(*found, m);
}

TEST_F(MeetingRepository, RoundTripsNullOptionals) {
    auto m = minimal_meeting("2023-02-01T09:00:00Z");
    m.meeting_id = insert_meeting(db_, m);
    const auto found = find_meeting(db_, m.meeting_id);
    ASSERT_TRUE(found);
    expect_same(*found, m);
    EXPECT_FALSE(found->capacity_in_person);
    EXPECT_FALSE(found->capacity_remote);
    EXPECT_FALSE(found->registration_opens);
    EXPECT_FALSE(found->registration_closes);
    EXPECT_EQ(found->status, domain::meeting_status::draft);
}

TEST_F(MeetingRepository, UpdateOverwritesEveryColumn) {
    auto m = full_meeting();
    m.meeting_id = insert_meeting(db_, m);
    m.title = "Nätverksträff 1 (flyttad)";
    m.starts_at += days{7};
    m.ends_at += days{7};
    m.zone = "Europe/Helsinki";
    m.format = domain::meeting_format::in_person;
    m.online_url.clear();
    m.capacity_in_person.reset();
    m.capacity_remote = 12;
    m.registration_opens.reset();
    m.registration_closes = m.ends_at - hours{1};
    m.status = domain::meeting_status::cancelled;
    m.sequence = 4;
    m.updated_at += hours{5};
    EXPECT_TRUE(update_meeting(db_, m));
    expect_same(*find_meeting(db_, m.meeting_id), m);
    m.meeting_id = 999;
    EXPECT_FALSE(update_meeting(db_, m));
}

TEST_F(MeetingRepository, ListsByStartThenId) {
    const auto late = insert_meeting(db_, minimal_meeting("2023-05-01T09:00:00Z"));
    const auto early = insert_meeting(db_, minimal_meeting("2023-01-01T09:00:00Z"));
    const auto tie = insert_meeting(db_, minimal_meeting("2023-05-01T09:00:00Z"));
    const auto all = list_meetings(db_, network_);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].meeting_id, early);
    EXPECT_EQ(all[1].meeting_id, late);
    EXPECT_EQ(all[2].meeting_id, tie);
    EXPECT_TRUE(list_meetings(db_, network_ + 1).empty());
}

TEST_F(MeetingRepository, RefusesUnknownNetworkAndBrokenRows) {
    auto m = minimal_meeting("2023-01-01T09:00:00Z");
    m.network_id = 999;
    try {
        insert_meeting(db_, m);
        FAIL();
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
    m = minimal_meeting("2023-01-01T09:00:00Z");
    m.ends_at = m.starts_at;
    EXPECT_THROW(insert_meeting(db_, m), store_error);
    m = minimal_meeting("2023-01-01T09:00:00Z");
    m.capacity_remote = -1;
    EXPECT_THROW(insert_meeting(db_, m), store_error);
}

TEST_F(MeetingRepository, MissingMeeting) {
    EXPECT_FALSE(find_meeting(db_, 12345));
}

TEST_F(MeetingRepository, Facilitators) {
    const auto first = insert_meeting(db_, minimal_meeting("2023-01-01T09:00:00Z"));
    const auto second = insert_meeting(db_, minimal_meeting("2023-02-01T09:00:00Z"));
    add_facilitator(db_, first, orjan_);
    add_facilitator(db_, first, lena_);
    add_facilitator(db_, first, lena_);  // duplicate: ignored
    add_facilitator(db_, second, lena_);

    EXPECT_EQ(facilitators_of(db_, first), (std::vector<domain::id>{lena_, orjan_}));
    EXPECT_EQ(meetings_facilitated_by(db_, lena_), (std::vector<domain::id>{first, second}));

    EXPECT_TRUE(remove_facilitator(db_, first, lena_));
    EXPECT_FALSE(remove_facilitator(db_, first, lena_));
    EXPECT_EQ(facilitators_of(db_, first), (std::vector<domain::id>{orjan_}));
    EXPECT_EQ(meetings_facilitated_by(db_, lena_), (std::vector<domain::id>{second}));
    EXPECT_TRUE(facilitators_of(db_, 999).empty());
}

TEST_F(MeetingRepository, FacilitatorMustExist) {
    const auto first = insert_meeting(db_, minimal_meeting("2023-01-01T09:00:00Z"));
    try {
        add_facilitator(db_, first, 999);
        FAIL();
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
    EXPECT_THROW(add_facilitator(db_, 999, lena_), store_error);
}

}  // namespace
}  // namespace traffpunkt::store
